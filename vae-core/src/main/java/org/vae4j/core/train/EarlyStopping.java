package org.vae4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeModelFiles;

/**
 * Stops training when the validation -ELBO has not improved by more than {@code minDeltaNats}
 * for {@code patience} epochs; with {@code restoreBest} the model ends with the parameters of the
 * best epoch. The best parameters are kept in memory and, when checkpoints are on, in
 * {@value #BEST_FILE} in the checkpoint directory, so a resumed run can still restore them. The
 * decision uses only the epoch history, which checkpoints carry, so it survives a resume.
 */
public final class EarlyStopping implements TrainingListener {

    /** File in the checkpoint directory holding the parameters with the best validation -ELBO. */
    public static final String BEST_FILE = "best.zip";

    private final int patience;
    private final double minDeltaNats;
    private final boolean restoreBest;
    private INDArray bestParameters;

    public EarlyStopping(int patience, double minDeltaNats, boolean restoreBest) {
        if (patience < 1) {
            throw new IllegalArgumentException("EarlyStopping.patience = " + patience + ": must be >= 1");
        }
        if (!(minDeltaNats >= 0) || Double.isInfinite(minDeltaNats)) {
            throw new IllegalArgumentException("EarlyStopping.minDeltaNats = " + minDeltaNats + ": must be finite and >= 0");
        }
        this.patience = patience;
        this.minDeltaNats = minDeltaNats;
        this.restoreBest = restoreBest;
    }

    public int patience() {
        return patience;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingControl control) {
        int best = bestEpoch(control.state().history());
        if (best == metrics.epoch() && restoreBest) {
            VaeModel model = control.model();
            bestParameters = model.parametersCopy();
            if (control.checkpointDirectory() != null) {
                try {
                    VaeModelFiles.save(model, control.checkpointDirectory().resolve(BEST_FILE), false);
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not write " + control.checkpointDirectory().resolve(BEST_FILE)
                            + ": " + e.getMessage(), e);
                }
            }
        }
        if (metrics.epoch() - best >= patience) {
            control.requestStop(TrainingResult.StopReason.EARLY_STOPPED);
        }
    }

    @Override
    public void onEnd(TrainingResult.StopReason reason, TrainingControl control) {
        if (!restoreBest || reason == TrainingResult.StopReason.STOP_REQUESTED
                || reason == TrainingResult.StopReason.BUDGET_EXHAUSTED) {
            return;   // an interrupted run continues from its last parameters
        }
        int best = bestEpoch(control.state().history());
        if (best < 0) {
            return;
        }
        Path file = control.checkpointDirectory() == null ? null : control.checkpointDirectory().resolve(BEST_FILE);
        if (bestParameters == null && file != null && Files.exists(file)) {
            try {
                bestParameters = VaeModelFiles.load(file).parametersCopy();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the best parameters from " + file + ": "
                        + e.getMessage(), e);
            }
        }
        if (bestParameters != null) {
            control.model().layer().setParams(bestParameters);
            control.parametersRestoredFromEpoch(best);
        }
    }

    /** The epoch with the best validation -ELBO, an improvement counting only beyond minDeltaNats; -1 if none. */
    private int bestEpoch(List<EpochMetrics> history) {
        double best = Double.NaN;
        int epoch = -1;
        for (EpochMetrics m : history) {
            double value = m.validationNegativeElbo();
            if (!Double.isNaN(value) && (Double.isNaN(best) || value < best - minDeltaNats)) {
                best = value;
                epoch = m.epoch();
            }
        }
        return epoch;
    }
}
