package dev.orchestrator.spring.cluster;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The test's side of one {@link ClusterNodeMain} process: starts it, sends it commands on its
 * stdin, and reads what it prints on stdout, in a thread of its own that records every line with
 * the {@link System#nanoTime()} of this JVM at which it was read (so that times measured here, a
 * kill or an ending, are on one clock) and copies it to {@code <name>.out}, after that time in
 * seconds since the first instance of the test JVM started. Its logs go to {@code <name>.log}.
 */
final class NodeProcess implements AutoCloseable {

    /** A job's ending as the instance that dispatched it saw it on its global bus. */
    record Ending(String jobId, String type, String detail, long readAt) {}

    /** A job its executor started: how many deliveries it took. */
    record Start(String jobId, int deliveryCount, long readAt) {}

    /** When this class was loaded (the first instance started): the time origin of the {@code .out} files. */
    private static final long STARTED = System.nanoTime();

    final String name;
    private final Process process;
    private final Writer stdin;
    private final Thread reader;
    private final Path out;
    private final Path log;

    private volatile String instanceId;
    private volatile String fatal;
    private volatile boolean sentAll;
    private volatile boolean stopped;
    private volatile boolean outputEnded;
    private volatile boolean finishedInGrace;
    final List<String> sent = new CopyOnWriteArrayList<>();
    final Queue<Start> starts = new ConcurrentLinkedQueue<>();
    final Queue<Ending> endings = new ConcurrentLinkedQueue<>();
    final Queue<String> sendFailures = new ConcurrentLinkedQueue<>();
    final Map<String, Long> stats = new ConcurrentHashMap<>();
    private final AtomicInteger endingCount = new AtomicInteger();

    private NodeProcess(String name, Process process, Path out, Path log) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.log = log;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.reader = new Thread(this::read, "node-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts an instance (returns at once; see {@link #awaitReady}).
     *
     * @param directory where {@code <file>.out} and {@code <file>.log} go
     * @param file the files' name: the instance's name, with a suffix for a restart
     * @param name the instance's name (what its executor reports as the runner of a job)
     * @param arguments {@code key=value} arguments of {@link ClusterNodeMain} besides {@code name}
     */
    static NodeProcess start(Path directory, String file, String name, List<String> arguments) throws IOException {
        Path out = directory.resolve(file + ".out");
        Path log = directory.resolve(file + ".log");
        Files.deleteIfExists(out);
        List<String> args = new ArrayList<>();
        args.add("name=" + name);
        args.addAll(arguments);
        ProcessBuilder builder = ChildJvm.builder(
                // C1 only: it starts faster and uses less CPU on a small machine; its jobs sleep
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), ClusterNodeMain.class.getName(), args);
        builder.redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        return new NodeProcess(name, builder.start(), out, log);
    }

    private void read() {
        try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer copy = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                long at = System.nanoTime();
                copy.write(String.format(Locale.ROOT, "%8.3f ", (at - STARTED) / 1e9));
                copy.write(line);
                copy.write('\n');
                try {
                    handle(line, at);
                } catch (RuntimeException ex) { // a line it cannot parse: reading goes on (a full pipe would block it)
                    fatal = "unreadable line '" + line + "': " + ex;
                }
            }
        } catch (IOException ex) {
            // the process is gone; what it printed before is read
        } finally {
            outputEnded = true;
        }
    }

    private void handle(String line, long at) {
        String[] words = line.split(" ", 4);
        switch (words[0]) {
            case "READY" -> instanceId = words[1];
            case "START" -> starts.add(new Start(words[1], Integer.parseInt(words[2]), at));
            case "SENT" -> sent.add(words[1]);
            case "SEND-FAILED" -> sendFailures.add(line);
            case "SENT-ALL" -> sentAll = true;
            case "END" -> {
                endings.add(new Ending(words[1], words[2], words.length > 3 ? words[3] : "", at));
                endingCount.incrementAndGet();
            }
            case "STATS" -> {
                for (String pair : line.substring("STATS ".length()).split(" ")) {
                    int equals = pair.indexOf('=');
                    stats.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
                }
            }
            case "STOPPED" -> {
                finishedInGrace = line.endsWith("finished=true");
                stopped = true;
            }
            case "FATAL" -> fatal = line;
            default -> {}
        }
    }

    /**
     * Waits for a condition on the instances, polling every 20 ms; at the timeout fails naming what
     * each instance printed so far and where their output is.
     */
    static void awaitOn(
            String what, Duration timeout, Callable<Boolean> condition, Path directory, NodeProcess... nodes) {
        try {
            await(what).atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition);
        } catch (ConditionTimeoutException ex) {
            throw new AssertionError(
                    "Not within " + timeout + ": " + what + "; instances " + Arrays.toString(nodes) + "; output in "
                            + directory,
                    ex);
        }
    }

    /** {@return a {@link System#nanoTime()} on the time scale of the {@code .out} files, in seconds} */
    static String outTime(long nanoTime) {
        return String.format(Locale.ROOT, "%.3f", (nanoTime - STARTED) / 1e9);
    }

    /** Sends one command line. */
    void command(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot send '" + line + "' to " + name, ex);
        }
    }

    /** Waits until the instance has started its transport (and so takes jobs). */
    NodeProcess awaitReady(Duration timeout) {
        try {
            await(name + " READY")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(50))
                    .failFast(() -> fatal != null || (outputEnded && instanceId == null))
                    .until(() -> instanceId != null);
        } catch (ConditionTimeoutException | TerminalFailureException ex) {
            throw new AssertionError(
                    name + " did not start (" + (fatal != null ? fatal : ex.getMessage()) + "); " + log + ":\n"
                            + RealKafkaBroker.tail(log),
                    ex);
        }
        return this;
    }

    /** {@return the instance id it printed when ready} */
    String instanceId() {
        return instanceId;
    }

    /** {@return whether it printed SENT-ALL: dispatching ended} */
    boolean sentAll() {
        return sentAll;
    }

    /** {@return how many endings it printed} */
    int endingCount() {
        return endingCount.get();
    }

    /** {@return ids of the jobs its executor started} */
    Set<String> startedIds() {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        starts.forEach(start -> ids.add(start.jobId()));
        return ids;
    }

    /**
     * Asks it to stop gracefully ({@code stop graceMs=...}), waits for its STATS and STOPPED lines
     * and its exit.
     *
     * @return whether every job running there finished within the grace period
     */
    boolean stopGracefully(Duration grace, Duration timeout) throws InterruptedException {
        return stopGracefully(grace, timeout, false);
    }

    /**
     * Asks it to stop gracefully, when {@code afterStart} as soon as it starts its next job (so that
     * one runs there when it stops); waits for its STATS and STOPPED lines and its exit.
     *
     * @return whether every job running there finished within the grace period
     */
    boolean stopGracefully(Duration grace, Duration timeout, boolean afterStart) throws InterruptedException {
        command("stop graceMs=" + grace.toMillis() + (afterStart ? " afterStart=true" : ""));
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + " of a graceful stop; log: " + log);
        }
        reader.join(timeout.toMillis());
        if (!stopped || process.exitValue() != 0) {
            throw new AssertionError(name + " exited with " + process.exitValue() + " without STOPPED; log: "
                    + RealKafkaBroker.tail(log));
        }
        return finishedInGrace;
    }

    /**
     * Kills it: {@link Process#destroyForcibly()}, SIGKILL on Linux (its exit value is then 137,
     * 128 + 9); waits for its exit and for the rest of its output.
     *
     * @return its exit value
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 30 s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return process.exitValue();
    }

    /** Kills it if it still runs (a test that failed half-way). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + "[" + instanceId + (process.isAlive() ? "" : ", exited") + ", sent " + sent.size()
                + (sentAll ? " (all)" : "") + ", started " + starts.size() + ", endings " + endingCount()
                + (fatal != null ? ", " + fatal : "") + "]";
    }
}
