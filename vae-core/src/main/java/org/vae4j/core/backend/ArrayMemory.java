package org.vae4j.core.backend;

import java.util.Locale;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the running ND4J backend keeps array data: the one value every vae4j fast path reads
 * before it touches an array's memory from Java.
 *
 * <p>vae4j's fast paths (the training engine and fused updater, the closed-form logit-Bernoulli
 * evaluation, AIS's decoder gradient) read and write ND4J arrays through host pointers
 * ({@code data().addressPointer()}, {@code data().asNioFloat()}). On the CPU backend that pointer
 * is the array. On a device backend (CUDA) the array lives in device memory: ND4J keeps a host
 * copy that is stale until synchronised, and a write through the host view is not seen by the
 * device unless the buffer is marked. vae4j does not rely on either, so on {@link #DEVICE} every
 * fast path steps aside for DL4J's layer code and ND4J ops, whose device memory ND4J manages
 * (see docs/training.md, "GPUs").
 *
 * <p>The value is detected from ND4J ({@code Nd4j.getEnvironment().isCPU()}); the system
 * property {@value #PROPERTY} ({@code host} or {@code device}) overrides it, so tests can play
 * a CUDA backend on the CPU and a user can run the device-safe paths on the CPU to compare.
 */
public enum ArrayMemory {
    /** The CPU backend: an array's buffer is host memory that Java may read and write directly. */
    HOST,
    /** A device backend (CUDA): array data lives on the device; host views are not trusted. */
    DEVICE;

    /** System property that overrides the detected value: {@code host} or {@code device}. */
    public static final String PROPERTY = "vae4j.arrayMemory";

    private static volatile ArrayMemory detected;

    /**
     * The array memory of this process: the {@value #PROPERTY} property when set, else the running
     * ND4J backend's.
     *
     * @throws IllegalArgumentException when the property holds anything but host or device
     */
    public static ArrayMemory current() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return parse(forced);
        }
        ArrayMemory value = detected;
        if (value == null) {
            value = Nd4j.getEnvironment().isCPU() ? HOST : DEVICE;
            detected = value;
        }
        return value;
    }

    /**
     * Sets {@value #PROPERTY} to {@code memory} until the returned scope is closed, then restores
     * what was there: how tests run the device-safe paths on the CPU. Process-wide, like any
     * system property: not for concurrent jobs with different settings.
     */
    public static Scope simulate(ArrayMemory memory) {
        String before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, memory.name().toLowerCase(Locale.ROOT));
        return () -> {
            if (before == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, before);
            }
        };
    }

    /** A {@link #simulate} scope; closing it cannot fail. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    static ArrayMemory parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "host" -> HOST;
            case "device" -> DEVICE;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                    + ": expected host or device");
        };
    }

    /**
     * Null when a path that loops over arrays' host memory may run here; else why not, for the
     * log line that names the path chosen instead.
     */
    public static String hostLoopsRefused() {
        ArrayMemory memory = current();
        if (memory == HOST) {
            return null;
        }
        String source = System.getProperty(PROPERTY) != null ? "-D" + PROPERTY + "=device" : "ND4J backend "
                + Nd4j.getBackend().getClass().getSimpleName();
        return "arrays live in device memory (" + source + "), which vae4j's host-memory loops do not read";
    }
}
