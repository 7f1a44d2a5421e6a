package org.vae4j.examples.cli;

import java.util.List;
import java.util.Locale;

import org.vae4j.examples.config.Likelihoods;
import org.vae4j.examples.run.RecipeRunner;

/** The variants of one recipe side by side. */
final class OutcomeTable {

    private OutcomeTable() {
    }

    static String format(List<RecipeRunner.Outcome> outcomes) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-22s %-21s %-15s %8s %14s %22s%n",
                "variant", "likelihood", "data", "epochs", "valid -ELBO", "test -log p(x) (k)"));
        for (RecipeRunner.Outcome o : outcomes) {
            String nll = o.evaluation() == null ? "-" : String.format(Locale.ROOT, "%.2f +- %.2f (%d)",
                    o.evaluation().negativeLogLikelihoodNats(), o.evaluation().standardErrorNats(),
                    o.evaluation().importanceSamples());
            sb.append(String.format(Locale.ROOT, "%-22s %-21s %-15s %8d %14.2f %22s%n", o.config().variant(),
                    Likelihoods.nameOf(o.config().vae().reconstructionDistribution()),
                    o.config().settings().binarization(), o.lastEpoch() == null ? 0 : o.lastEpoch().epoch() + 1,
                    o.lastEpoch() == null ? Double.NaN : o.lastEpoch().validationNegativeElbo(), nll));
        }
        sb.append("Each likelihood is a density of its own data (binarization column): numbers of different data "
                + "are not comparable.\n");
        return sb.toString();
    }
}
