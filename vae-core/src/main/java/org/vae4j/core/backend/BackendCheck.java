package org.vae4j.core.backend;

import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J and turns a failure into an actionable message. Without this, a CUDA build on a
 * machine with no usable GPU dies with a stack trace from deep inside ND4J's backend loader.
 */
public final class BackendCheck {

    static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";
    static final String CPU_BACKEND_CLASS = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    private static final Path NVIDIA_DRIVER = Path.of("/proc/driver/nvidia/version");

    private BackendCheck() {
    }

    /** Returns normally once ND4J can allocate an array; otherwise explains what is missing. */
    public static void requireUsableBackend() {
        try {
            Nd4j.create(1).addi(1);
        } catch (Throwable t) {
            throw explain(t, onClasspath(CUDA_BACKEND_CLASS), onClasspath(CPU_BACKEND_CLASS));
        }
    }

    static BackendUnavailableException explain(Throwable cause, boolean cudaPresent, boolean cpuPresent) {
        String root = rootMessage(cause);
        if (cudaPresent) {
            // ND4J only says "no backend available"; the usual reason is a missing driver.
            String driver = Files.exists(NVIDIA_DRIVER) ? "" : " No NVIDIA driver was found ("
                    + NVIDIA_DRIVER + " is absent), so no GPU is usable on this machine.";
            return new BackendUnavailableException("The CUDA backend (nd4j-cuda-11.6, built with -Pcuda) could not "
                    + "start: " + root + "." + driver + " It needs an NVIDIA GPU with compute capability 3.7 to 8.6 (the "
                    + "DL4J 1.0.0-M2.1 binaries have no kernels for Hopper or newer) and the CUDA 11.6 libraries "
                    + "(an installed CUDA 11.6 toolkit, or build with -Pcuda,cuda-redist). To run on the CPU "
                    + "instead, rebuild with the default profile: ./mvnw -DskipTests package", cause);
        }
        if (!cpuPresent) {
            return new BackendUnavailableException("No ND4J backend on the classpath: " + root + ". Add "
                    + "org.nd4j:nd4j-native (CPU) or org.nd4j:nd4j-cuda-11.6 (GPU) to your application; vae4j's "
                    + "library modules deliberately bring none.", cause);
        }
        return new BackendUnavailableException("The ND4J CPU backend could not start: " + root + ". Check that "
                + "the nd4j-native and openblas jars for this platform (" + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ") are on the classpath (build with "
                + "-Djavacpp.platform=<platform>) and that the JavaCPP cache directory is writable.", cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, BackendCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
