package org.vae4j.core.distribution;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.statistics.distribution.LaplaceDistribution;
import org.apache.commons.statistics.distribution.LogisticDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.PascalDistribution;
import org.apache.commons.statistics.distribution.PoissonDistribution;

/**
 * The element-wise distributions with their independent references. Reference links are written
 * out naively here (log(1 + e^r), 1/(1 + e^-l)) on purpose: in the regular parameter ranges they
 * are accurate, and they share no code with the classes under test.
 */
final class ElementwiseCases {

    static final double MIN_SCALE = 1e-3;

    private ElementwiseCases() {
    }

    static double naiveSoftplus(double r) {
        return Math.log(1 + Math.exp(r));
    }

    static double naiveSigmoid(double l) {
        return 1 / (1 + Math.exp(-l));
    }

    static double uniform(Random rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    static Stream<ElementwiseCase> all() {
        return Stream.of(bernoulli(), continuousBernoulli(), learnedGaussian(), fixedGaussian(), laplace(),
                discretizedLogistic(), poisson(), negativeBinomial());
    }

    static ElementwiseCase bernoulli() {
        return new ElementwiseCase("LogitBernoulli", new LogitBernoulliReconstructionDistribution(),
                new LogitBernoulliReconstructionDistribution(true), 1,
                rnd -> rnd.nextBoolean() ? 1 : 0,
                rnd -> new double[] {uniform(rnd, -8, 8)},
                List.of(new double[] {50}, new double[] {-50}, new double[] {20}, new double[] {-20},
                        new double[] {700}, new double[] {-700}),
                (x, p) -> {
                    double prob = naiveSigmoid(p[0]);
                    return x * Math.log(prob) + (1 - x) * Math.log(1 - prob);
                },
                p -> {
                    double prob = naiveSigmoid(p[0]);
                    return new double[] {prob, prob * (1 - prob)};
                },
                1.5, 1.0);
    }

    /** Paper's form: C(lambda) = 2 artanh(1 - 2 lambda)/(1 - 2 lambda). */
    static double continuousBernoulliLogDensity(double x, double logit) {
        double lambda = naiveSigmoid(logit);
        double y = 1 - 2 * lambda;
        double artanh = 0.5 * Math.log((1 + y) / (1 - y));
        double logC = Math.log(2 * artanh / y);
        return x * Math.log(lambda) + (1 - x) * Math.log(1 - lambda) + logC;
    }

    /** {integral of density, mean, variance} by composite Simpson on [0,1]. */
    static double[] continuousBernoulliQuadrature(double logit) {
        int n = 4000;
        double[] m = new double[3];
        for (int i = 0; i <= n; i++) {
            double x = (double) i / n;
            double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            double d = Math.exp(continuousBernoulliLogDensity(x, logit)) * w / (3.0 * n);
            m[0] += d;
            m[1] += x * d;
            m[2] += x * x * d;
        }
        return new double[] {m[0], m[1], m[2] - m[1] * m[1]};
    }

    static ElementwiseCase continuousBernoulli() {
        return new ElementwiseCase("ContinuousBernoulli", new ContinuousBernoulliReconstructionDistribution(),
                new ContinuousBernoulliReconstructionDistribution(true), 1,
                Random::nextDouble,
                rnd -> {
                    // the paper's formula divides by 1 - 2 lambda: keep the reference away from 1/2
                    double l = uniform(rnd, 0.1, 8);
                    return new double[] {rnd.nextBoolean() ? l : -l};
                },
                List.of(new double[] {50}, new double[] {-50}, new double[] {1e-3}, new double[] {-1e-3},
                        new double[] {0.0199}, new double[] {0.0201}, new double[] {-0.0201}, new double[] {0},
                        new double[] {300}, new double[] {-300}),
                (x, p) -> continuousBernoulliLogDensity(x, p[0]),
                p -> {
                    double[] q = continuousBernoulliQuadrature(p[0]);
                    return new double[] {q[1], q[2]};
                },
                -0.25, 0.0);
    }

    static ElementwiseCase learnedGaussian() {
        return new ElementwiseCase("LearnedScaleGaussian", new LearnedScaleGaussianReconstructionDistribution(MIN_SCALE),
                null, 2,
                rnd -> uniform(rnd, -3, 3),
                rnd -> new double[] {uniform(rnd, -2, 2), uniform(rnd, -3, 3)},
                List.of(new double[] {0.5, -50}, new double[] {0.5, -8}, new double[] {-1e3, 30},
                        new double[] {2, 700}, new double[] {1e4, 0}),
                (x, p) -> NormalDistribution.of(p[0], naiveSoftplus(p[1]) + MIN_SCALE).logDensity(x),
                p -> {
                    NormalDistribution n = NormalDistribution.of(p[0], naiveSoftplus(p[1]) + MIN_SCALE);
                    return new double[] {n.getMean(), n.getVariance()};
                },
                Double.NaN, Double.NaN);
    }

    static ElementwiseCase fixedGaussian() {
        double sigma = 0.25;
        return new ElementwiseCase("FixedScaleGaussian", new FixedScaleGaussianReconstructionDistribution(sigma),
                null, 1,
                rnd -> uniform(rnd, -3, 3),
                rnd -> new double[] {uniform(rnd, -2, 2)},
                List.of(new double[] {1e3}, new double[] {-1e5}),
                (x, p) -> NormalDistribution.of(p[0], sigma).logDensity(x),
                p -> new double[] {p[0], sigma * sigma},
                Double.POSITIVE_INFINITY, Double.NaN);
    }

    static ElementwiseCase laplace() {
        return new ElementwiseCase("Laplace", new LaplaceReconstructionDistribution(MIN_SCALE), null, 2,
                rnd -> uniform(rnd, -3, 3),
                rnd -> new double[] {uniform(rnd, -2, 2), uniform(rnd, -3, 3)},
                List.of(new double[] {7, -50}, new double[] {7, -8}, new double[] {-1e3, 30},
                        new double[] {7, 700}),
                (x, p) -> LaplaceDistribution.of(p[0], naiveSoftplus(p[1]) + MIN_SCALE).logDensity(x),
                p -> {
                    LaplaceDistribution d = LaplaceDistribution.of(p[0], naiveSoftplus(p[1]) + MIN_SCALE);
                    return new double[] {d.getMean(), d.getVariance()};
                },
                Double.NaN, Double.NaN);
    }

    /** PixelCNN++ bins on the grid k/255 from Commons' logistic CDF. */
    static double discretizedLogisticProbability(int k, double mu, double s) {
        LogisticDistribution d = LogisticDistribution.of(mu, s);
        double upper = (k + 0.5) / 255.0;
        double lower = (k - 0.5) / 255.0;
        if (k == 0) {
            return d.cumulativeProbability(upper);
        }
        if (k == 255) {
            return d.survivalProbability(lower);
        }
        return d.cumulativeProbability(upper) - d.cumulativeProbability(lower);
    }

    static ElementwiseCase discretizedLogistic() {
        return new ElementwiseCase("DiscretizedLogistic", new DiscretizedLogisticReconstructionDistribution(),
                new DiscretizedLogisticReconstructionDistribution(1e-3, true), 2,
                rnd -> {
                    double u = rnd.nextDouble();
                    int k = u < 0.1 ? 0 : u < 0.2 ? 255 : rnd.nextInt(256);
                    return k / 255.0;
                },
                rnd -> new double[] {uniform(rnd, -0.1, 1.1), uniform(rnd, -5, -1)},
                List.of(new double[] {0.5, -50}, new double[] {0.5, -6}, new double[] {-0.5, -3},
                        new double[] {1.5, -3}, new double[] {0.5, 3}, new double[] {0.5, 10}),
                (x, p) -> Math.log(discretizedLogisticProbability((int) Math.round(x * 255), p[0],
                        naiveSoftplus(p[1]) + MIN_SCALE)),
                p -> {
                    double s = naiveSoftplus(p[1]) + MIN_SCALE;
                    double m1 = 0;
                    double m2 = 0;
                    for (int k = 0; k < 256; k++) {
                        double pk = discretizedLogisticProbability(k, p[0], s);
                        m1 += pk * k / 255.0;
                        m2 += pk * (k / 255.0) * (k / 255.0);
                    }
                    return new double[] {m1, m2 - m1 * m1};
                },
                0.5, 128 / 255.0);
    }

    static ElementwiseCase poisson() {
        return new ElementwiseCase("Poisson", new PoissonReconstructionDistribution(),
                new PoissonReconstructionDistribution(true), 1,
                rnd -> rnd.nextInt(30),
                rnd -> new double[] {uniform(rnd, -2, 4)},
                List.of(new double[] {-20}, new double[] {10}, new double[] {20}, new double[] {-300}),
                (x, p) -> PoissonDistribution.of(Math.exp(p[0])).logProbability((int) x),
                p -> new double[] {Math.exp(p[0]), Math.exp(p[0])},
                -2.6, 0.0);
    }

    static ElementwiseCase negativeBinomial() {
        return new ElementwiseCase("NegativeBinomial", new NegativeBinomialReconstructionDistribution(),
                new NegativeBinomialReconstructionDistribution(true), 2,
                rnd -> rnd.nextInt(40),
                // Commons' Pascal distribution needs an integer number of successes: theta in 1..20
                rnd -> new double[] {uniform(rnd, -2, 4), Math.log(1 + rnd.nextInt(20))},
                List.of(new double[] {-10, -10}, new double[] {10, -10}, new double[] {-10, 15},
                        new double[] {10, 15}, new double[] {5, 25}, new double[] {2, 2.2}),
                (x, p) -> {
                    int theta = (int) Math.round(Math.exp(p[1]));
                    double m = Math.exp(p[0]);
                    return PascalDistribution.of(theta, theta / (theta + m)).logProbability((int) x);
                },
                p -> {
                    double m = Math.exp(p[0]);
                    double theta = Math.exp(p[1]);
                    return new double[] {m, m + m * m / theta};
                },
                2.6, 3.0);
    }

    /** Negative binomial log pmf for real theta, straight from the Gamma-function definition. */
    static double negativeBinomialLogPmf(double x, double m, double theta) {
        return LogGamma.value(x + theta) - LogGamma.value(theta) - LogGamma.value(x + 1)
                + theta * Math.log(theta / (theta + m)) + x * Math.log(m / (theta + m));
    }
}
