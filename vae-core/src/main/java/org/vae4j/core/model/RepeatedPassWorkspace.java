package org.vae4j.core.model;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ND4J workspace for a pass that is repeated with arrays of the same sizes (one Monte Carlo
 * sample of the ELBO, one chunk of an importance-sampled estimate): it learns the size on the
 * first pass and reuses that memory afterwards, so the pass's temporaries never become off-heap
 * garbage waiting for a Java GC. Arrays created inside are only valid until the scope closes:
 * copy results out (e.g. to a Java array) before it does.
 */
public final class RepeatedPassWorkspace {

    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.1)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private RepeatedPassWorkspace() {
    }

    /** Opens the workspace {@code id} (one per kind of pass) for this thread; close it after the pass. */
    public static MemoryWorkspace open(String id) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
    }
}
