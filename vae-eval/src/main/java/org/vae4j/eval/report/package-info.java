/**
 * Writers for evaluation reports: a CSV with one row per example and a JSON file with the summary
 * and the provenance (model config, versions, data, sampling settings) that make a number traceable.
 */
package org.vae4j.eval.report;
