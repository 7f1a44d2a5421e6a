/**
 * Where data lives and how it gets there: the data-directory resolution order, the public mirror
 * list, and a downloader that verifies pinned SHA-256 checksums and writes atomically (temporary
 * file, then rename), so an interrupted or corrupt download never leaves a file that later passes
 * for data. Machines without internet fill the data directory with {@code scripts/fetch-data.sh}.
 */
package org.vae4j.datasets.fetch;
