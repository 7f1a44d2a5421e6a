/**
 * Internals the estimators of vae-eval share: the per-example noise streams and the streaming
 * log-sum-exp. Not API: public only because {@code estimate} and {@code ais} are two packages
 * (the project has no module descriptor to hide them); they may change without notice.
 */
package org.vae4j.eval.internal;
