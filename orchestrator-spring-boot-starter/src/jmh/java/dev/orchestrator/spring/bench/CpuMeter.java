package dev.orchestrator.spring.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * CPU time per job over the measured iterations of a trial: this JVM's (the benchmark's clients,
 * threads and JMH) and, when {@value #BROKER_PID_PROPERTY} names the broker's process, the broker's
 * (from {@code /proc/<pid>/stat}, 10 ms ticks). Explains a ratio on a machine whose cores the
 * clients and the broker share; printed at the end of each trial.
 */
final class CpuMeter {

    /** The system property with the external broker's process id. */
    static final String BROKER_PID_PROPERTY = "bench.kafka.pid";

    private String label;
    private long jobs;
    private long clientNanos;
    private long brokerNanos;
    private long jobsAtStart;
    private long clientAtStart;
    private long brokerAtStart;
    private boolean measuring;

    CpuMeter(String label) {
        this.label = label;
    }

    /** Adds to the label (the trial's parameters). */
    void label(String more) {
        label = label + ", " + more;
    }

    /** At the start of an iteration. */
    void start(IterationParams iteration, long jobsSoFar) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        jobsAtStart = jobsSoFar;
        clientAtStart = clientCpu();
        brokerAtStart = brokerCpu();
    }

    /** At the end of an iteration. */
    void stop(long jobsSoFar) {
        if (measuring) {
            jobs += jobsSoFar - jobsAtStart;
            clientNanos += clientCpu() - clientAtStart;
            brokerNanos += brokerCpu() - brokerAtStart;
        }
    }

    /** {@return the line printed at the end of a trial} */
    String report() {
        if (jobs == 0) {
            return "[cpu] " + label + ": no measured jobs";
        }
        String broker = brokerPid() < 0
                ? "broker not measured (no -D" + BROKER_PID_PROPERTY + ")"
                : String.format(Locale.ROOT, "broker %.0f us", brokerNanos / 1e3 / jobs);
        return String.format(
                Locale.ROOT,
                "[cpu] %s: CPU per job over %d measured jobs: benchmark JVM %.0f us, %s",
                label,
                jobs,
                clientNanos / 1e3 / jobs,
                broker);
    }

    private static long clientCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static long brokerPid() {
        String pid = System.getProperty(BROKER_PID_PROPERTY, "").trim();
        return pid.isEmpty() ? -1 : Long.parseLong(pid);
    }

    private static long brokerCpu() {
        long pid = brokerPid();
        if (pid < 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10_000_000L; // USER_HZ 100
        } catch (IOException | RuntimeException ex) {
            return 0;
        }
    }
}
