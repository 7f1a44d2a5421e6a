package org.vae4j.core.backend;

import java.util.Locale;
import java.util.Properties;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;

/**
 * Which ND4J backend this process runs on, with what BLAS, helpers (oneDNN/cuDNN) and threads.
 * Every vae4j entry point logs it at start-up, so a run's log says what produced its numbers.
 *
 * @param backend       ND4J backend class name, e.g. {@code CpuBackend} or {@code JCublasBackend}
 * @param blasVendor    BLAS library, e.g. {@code OPENBLAS}, {@code MKL}, {@code CUBLAS}
 * @param helpers       whether platform helpers (oneDNN on CPU, cuDNN on CUDA) are allowed
 * @param threads       ND4J's maximum native threads (OpenMP)
 * @param ompWaitPolicy the OMP_WAIT_POLICY environment variable, or "unset"
 * @param dataType      ND4J's default floating-point type
 * @param devices       CUDA devices seen, 0 on CPU
 */
public record BackendInfo(String backend, String blasVendor, boolean helpers, int threads, String ompWaitPolicy,
                          DataType dataType, int devices) {

    /** Reads the running backend. Throws {@link BackendUnavailableException} if none can start. */
    public static BackendInfo current() {
        BackendCheck.requireUsableBackend();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        boolean cpu = Nd4j.getEnvironment().isCPU();
        return new BackendInfo(Nd4j.getBackend().getClass().getSimpleName(),
                String.valueOf(env.getOrDefault("blas.vendor", "unknown")),
                Nd4j.getEnvironment().helpersAllowed(),
                Nd4j.getEnvironment().maxThreads(),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"),
                Nd4j.defaultFloatingPointType(),
                cpu ? 0 : Nd4j.getAffinityManager().getNumberOfDevices());
    }

    public boolean isCuda() {
        return devices > 0;
    }

    /** One line for logs, e.g. {@code ND4J CpuBackend, BLAS OPENBLAS, helpers on, 2 threads, ...}. */
    public String describe() {
        return String.format(Locale.ROOT, "ND4J %s, BLAS %s, helpers (oneDNN/cuDNN) %s, %d threads, "
                        + "OMP_WAIT_POLICY=%s, default data type %s%s",
                backend, blasVendor, helpers ? "on" : "off", threads, ompWaitPolicy, dataType,
                devices > 0 ? ", " + devices + " CUDA device(s)" : "");
    }

    /** Logs {@link #describe()} and the model data type at INFO; the first thing entry points do. */
    public static BackendInfo logAtStartup(Logger log, DataType modelDataType) {
        BackendInfo info = current();
        log.info("{}; model data type {}", info.describe(), modelDataType);
        return info;
    }
}
