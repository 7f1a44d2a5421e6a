/**
 * The ND4J backend a process runs on (CPU with OpenBLAS/oneDNN, or CUDA), logged by every entry
 * point, and a start-up check that turns a missing backend or GPU into an actionable message.
 */
package org.vae4j.core.backend;
