package org.vae4j.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.ElboStep;

import scala.Tuple2;

/**
 * The work of one worker in one averaging round: start from the broadcast snapshot and take one
 * {@link ElboStep} per minibatch of its partition (rows arrive sorted by epoch position), using the
 * global step numbers that single-machine training would use, so Adam's bias correction and the
 * noise seeds line up. Each example becomes its features of the epoch here ({@link ExampleEncoder}).
 *
 * @param <T> the stored example
 */
final class WorkerRound<T> implements Function2<Integer, Iterator<Tuple2<Long, T>>, Iterator<WorkerResult>> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<ModelSnapshot> snapshot;
    private final ExampleEncoder<T> encoder;
    private final AveragingSchedule schedule;
    private final long roundStartIteration;
    private final int epoch;

    WorkerRound(Broadcast<ModelSnapshot> snapshot, ExampleEncoder<T> encoder, AveragingSchedule schedule,
                long roundStartIteration, int epoch) {
        this.snapshot = snapshot;
        this.encoder = encoder;
        this.schedule = schedule;
        this.roundStartIteration = roundStartIteration;
        this.epoch = epoch;
    }

    @Override
    public Iterator<WorkerResult> call(Integer worker, Iterator<Tuple2<Long, T>> rows) {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();   // a partial last round leaves some workers idle
        }
        ModelSnapshot start = snapshot.value();
        VaeModel model = start.toModel(workerNoiseSeed(VaeConfig.fromJson(start.configJson()).seed(), worker));
        try (ElboStep step = new ElboStep(model)) {
            return List.of(steps(model, step, rows)).iterator();
        } finally {
            model.close();
        }
    }

    private WorkerResult steps(VaeModel model, ElboStep step, Iterator<Tuple2<Long, T>> rows) {
        double lossSum = 0;
        int minibatches = 0;
        long examples = 0;
        List<double[]> batch = new ArrayList<>(schedule.batchSize());
        long batchIndex = -1;
        int batchStep = -1;
        while (rows.hasNext()) {
            Tuple2<Long, T> row = rows.next();
            long index = schedule.minibatchOf(row._1());
            if (index != batchIndex && !batch.isEmpty()) {
                lossSum += train(step, model, batch, batchStep);
                minibatches++;
                examples += batch.size();
                batch.clear();
            }
            batchIndex = index;
            batchStep = schedule.stepOf(row._1());
            batch.add(encoder.encode(row._2(), epoch));
        }
        lossSum += train(step, model, batch, batchStep);
        minibatches++;
        examples += batch.size();
        return new WorkerResult(FlatArray.of(model.layer().params()),
                FlatArray.of(ModelSnapshot.updaterState(model.network())), lossSum,
                minibatches, examples, step.learningRate(roundStartIteration + batchStep, epoch));
    }

    private double train(ElboStep step, VaeModel model, List<double[]> rows, int stepInRound) {
        INDArray x = Nd4j.create(rows.toArray(new double[0][])).castTo(model.dataType());
        double negativeElbo = step.apply(x, roundStartIteration + stepInRound, epoch);
        if (!Double.isFinite(negativeElbo)) {
            throw new IllegalStateException("Training diverged on a worker in epoch " + epoch + " at iteration "
                    + (roundStartIteration + stepInRound + 1) + ": -ELBO = " + negativeElbo + " (learning rate "
                    + step.learningRate(roundStartIteration + stepInRound, epoch) + ")");
        }
        return negativeElbo;
    }

    /** Worker 0 keeps the run's seed (one worker = single-machine training); the others get their own stream. */
    static long workerNoiseSeed(long seed, int worker) {
        return worker == 0 ? seed : ElboStep.noiseSeed(seed, -1L - worker);
    }
}
