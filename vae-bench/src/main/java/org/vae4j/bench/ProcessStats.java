package org.vae4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * This process as Linux sees it, for the benchmarks' RESULT lines: peak resident memory, time
 * since the process started, CPU time and the machine's load. Read from {@code /proc} the same way
 * {@code bench/pytorch_train.py} reads them, so both sides measure alike.
 */
public final class ProcessStats {

    /** Linux's USER_HZ, the unit of /proc/PID/stat's start time (100 on every mainstream kernel). */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;
    /** The environment variables that change how ND4J's and PyTorch's native threads behave. */
    private static final String[] THREAD_VARIABLES = {"OMP_WAIT_POLICY", "OPENBLAS_THREAD_TIMEOUT", "OMP_NUM_THREADS"};

    private ProcessStats() {
    }

    /** VmHWM (peak resident set) of this process in MB (1024 * 1024 bytes), NaN off Linux. */
    public static double peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * Seconds since this process started, as the kernel counts it (10 ms resolution). The launcher
     * {@code exec}s java, so this includes the launcher script and the JVM's own start: what a user
     * waits. Falls back to the JVM's start time off Linux.
     */
    public static double secondsSinceProcessStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Field 22 (starttime, in clock ticks since boot); the command name in field 2 may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            double startSinceBoot = Long.parseLong(fields[19]) / CLOCK_TICKS_PER_SECOND;
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0]);
            return uptime - startSinceBoot;
        } catch (IOException | RuntimeException e) {
            return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
        }
    }

    /** CPU time of all threads of this process in ns (0 when the JVM cannot tell). */
    public static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** {@code omp_wait_policy=passive openblas_thread_timeout=4 omp_num_threads=unset}: the thread settings in force. */
    public static String threadEnvironment() {
        StringBuilder s = new StringBuilder();
        for (String name : THREAD_VARIABLES) {
            String value = System.getenv(name);
            s.append(s.length() == 0 ? "" : " ").append(name.toLowerCase(Locale.ROOT)).append('=')
                    .append(value == null || value.isEmpty() ? "unset" : value.replaceAll("\\s", "_"));
        }
        return s.toString();
    }

    /** The 1-, 5- and 15-minute load averages of /proc/loadavg, or "?" each off Linux. */
    public static String[] loadAverages() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new String[] {fields[0], fields[1], fields[2]};
        } catch (IOException | RuntimeException e) {
            return new String[] {"?", "?", "?"};
        }
    }
}
