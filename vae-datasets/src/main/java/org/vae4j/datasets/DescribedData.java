package org.vae4j.datasets;

import org.vae4j.core.provenance.DataDescription;

/** A data source that can say what it is; saved models and evaluation reports carry the answer. */
public interface DescribedData {

    /** Name, split, binarization, seed, number of examples and source-file checksums. */
    DataDescription description();
}
