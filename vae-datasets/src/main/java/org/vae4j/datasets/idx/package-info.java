/**
 * Reader for the IDX format of LeCun, Cortes and Burges (MNIST) also used by Fashion-MNIST:
 * a big-endian header (magic 2051 for images, 2049 for labels, then the dimensions) followed by
 * unsigned bytes. Files may be raw or gzip-compressed ({@code .gz}). Every length is checked
 * against the header so that a truncated or corrupt download is reported, never half-read.
 */
package org.vae4j.datasets.idx;
