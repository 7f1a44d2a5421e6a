package org.vae4j.eval.estimate;

/** Called after each block of examples of an evaluation, on the evaluating thread. */
@FunctionalInterface
public interface EvaluationListener {

    void onBlockDone(EvaluationProgress progress);

    /** Does nothing. */
    EvaluationListener NONE = progress -> { };
}
