package org.vae4j.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class BackendCheckTest {

    /**
     * The backend running the tests is the one the Maven profile selected (Surefire passes it as
     * vae4j.buildBackend): a CUDA build that fell back to the CPU, or the reverse, fails here.
     */
    @Test
    void describesTheBackendTheBuildProfileSelected() {
        String profile = System.getProperty("vae4j.buildBackend", "cpu");
        BackendInfo info = BackendInfo.current();
        assertEquals(profile.equals("cuda") ? "JCublasBackend" : "CpuBackend", info.backend(), "profile " + profile);
        assertEquals(profile.equals("cuda"), info.isCuda());
        assertTrue(info.threads() >= 1);
        assertEquals(DataType.FLOAT, info.dataType());
        assertTrue(info.describe().contains("BLAS " + info.blasVendor()), info.describe());
    }

    @Test
    void cudaFailureSaysWhatIsMissingAndHowToFallBack() {
        RuntimeException cause = new RuntimeException("backend init", new UnsatisfiedLinkError("no jnicudart"));
        String message = BackendCheck.explain(cause, true, false).getMessage();
        assertTrue(message.contains("UnsatisfiedLinkError: no jnicudart"), message);
        assertTrue(message.contains("CUDA 11.6") && message.contains("3.7 to 8.6"), message);
        assertTrue(message.contains("./mvnw -DskipTests package"), message);
    }

    @Test
    void missingBackendSaysWhichArtifactToAdd() {
        String message = BackendCheck.explain(new RuntimeException("none"), false, false).getMessage();
        assertTrue(message.contains("org.nd4j:nd4j-native"), message);
    }
}
