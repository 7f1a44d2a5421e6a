package org.vae4j.core.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process settings that vae4j's speed depends on and that a library cannot set for itself,
 * because the native libraries read them from the environment when they load. The {@code ./vae4j}
 * launcher sets them; an application that imports vae-core gets one warning, the first time it
 * trains, naming each one missing and the fix. (vae4j's GEMM threads need nothing: {@link Gemm}
 * sets them.)
 */
public final class RuntimeSettings {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeSettings.class);
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private RuntimeSettings() {
    }

    /** Logs the warning once per process (on the CPU backend; nothing is logged when all is set). */
    public static void warnOnceIfSlow() {
        if (CHECKED.getAndSet(true) || ArrayMemory.current() != ArrayMemory.HOST) {
            return;
        }
        List<String> missing = missing(System.getenv(), Nd4j.getEnvironment().maxThreads());
        if (!missing.isEmpty()) {
            LOG.warn("vae4j runs slower in this process: {}. ./vae4j sets these; see docs/training.md, "
                    + "\"Runtime settings\"", String.join("; ", missing));
        }
    }

    /** Each missing setting with its fix, for this environment and ND4J's OpenMP thread count. */
    static List<String> missing(Map<String, String> env, int openMpThreads) {
        List<String> missing = new ArrayList<>();
        String wait = env.getOrDefault("OMP_WAIT_POLICY", "");
        if (openMpThreads > 1 && !wait.toLowerCase(Locale.ROOT).equals("passive")) {
            missing.add("ND4J's " + openMpThreads + " OpenMP threads spin-wait between ops (OMP_WAIT_POLICY="
                    + (wait.isEmpty() ? "unset" : wait) + "), which halved ND4J's speed on 2 cores: start the JVM "
                    + "with OMP_WAIT_POLICY=passive");
        }
        return missing;
    }
}
