package dev.orchestrator.bench;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark 6 of issue 5, a plain {@code main} rather than JMH (one operation lasts seconds and
 * needs a heap measurement in the middle): {@value #JOBS} concurrent jobs, each blocking
 * {@value #BLOCK_MILLIS} ms, on virtual threads, against {@value #JOBS} raw virtual threads doing
 * the same. Needs JDK 21+ (run it on 25); the core compiles for 17, so the virtual-thread executor
 * is created through a method handle and handed to the dispatcher as a plain {@code Executor}.
 *
 * <ul>
 *   <li><b>wall</b>: from the first dispatch (submit) until the {@code JobSuccessEvent} of the last
 *       job reached an orchestrator's handler (until the last raw task returned);</li>
 *   <li><b>live heap per job</b>: with all {@value #JOBS} jobs (tasks) started and blocked on a gate,
 *       heap used after {@code System.gc()} minus heap used before the first dispatch, per job.</li>
 * </ul>
 * Each variant runs {@value #WARMUPS} warm-up and {@code ROUNDS} (10, or the system property
 * {@code bench.scale.rounds}) measured rounds, alternating.
 * Each figure is written with its mean, standard deviation and the half-width of its 99.9 %
 * confidence interval (Student's t over the measured rounds, as JMH reports its errors).
 *
 * <p>Every orchestrator round checks that nothing was lost: each of the {@value #JOBS} jobs'
 * {@code JobStartedEvent} and {@code JobSuccessEvent} reached the orchestrator, and the bus dropped
 * no event and cut off no subscriber. Otherwise the harness fails (exit status 1) instead of
 * reporting the time of a run that did less work.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.orchestrator.bench.VirtualThreadScale [result.json]}
 */
public final class VirtualThreadScale {

    static final int JOBS = 100_000;
    static final long BLOCK_MILLIS = 1_000;
    // 2: after a single warm-up round the first measured raw round was 1.5-1.9x the others in each
    // run of this session (D, E: 2.28 s and 1.88 s against 1.1-1.3 s), which flattered the ratio
    static final int WARMUPS = 2;
    // 10: with 5 rounds the 99.9 % interval of the wall ratio was about +-27 % (t = 8.6 for 4 degrees
    // of freedom); -Dbench.scale.rounds=N changes it
    static final int ROUNDS = Integer.getInteger("bench.scale.rounds", 10);

    private VirtualThreadScale() {}

    public static void main(String[] args) throws Throwable {
        try {
            run(args);
        } catch (Throwable ex) {
            ex.printStackTrace();
            System.exit(1); // also when a pool thread would keep the JVM alive
        }
    }

    private static void run(String[] args) throws Throwable {
        if (Runtime.version().feature() < 21) {
            System.err.println(
                    "VirtualThreadScale needs JDK 21 or newer (virtual threads); this is " + Runtime.version());
            System.exit(2);
        }
        List<double[]> raw = new ArrayList<>();
        List<double[]> ours = new ArrayList<>();
        for (int round = 0; round < WARMUPS + ROUNDS; round++) {
            // the order alternates, so that neither side always runs on a heap the other just filled
            double[] r;
            double[] o;
            if (round % 2 == 0) {
                r = new double[] {rawWall(), rawHeapPerTask()};
                o = new double[] {orchestratorWall(), orchestratorHeapPerJob()};
            } else {
                o = new double[] {orchestratorWall(), orchestratorHeapPerJob()};
                r = new double[] {rawWall(), rawHeapPerTask()};
            }
            String kind = round < WARMUPS ? "warm-up" : "round";
            System.out.printf(
                    Locale.ROOT,
                    "%s %d: raw %.3f s, %.0f B/task; orchestrator %.3f s, %.0f B/job%n",
                    kind,
                    round,
                    r[0],
                    r[1],
                    o[0],
                    o[1]);
            if (round >= WARMUPS) {
                raw.add(r);
                ours.add(o);
            }
        }
        String json = String.format(
                Locale.ROOT,
                "{%n  \"jdk\": \"%s\",%n  \"jobs\": %d,%n  \"blockMillis\": %d,%n  \"rounds\": %d,%n"
                        + "  \"rawWallSeconds\": %s,%n  \"orchestratorWallSeconds\": %s,%n"
                        + "  \"rawHeapBytesPerTask\": %s,%n  \"orchestratorHeapBytesPerJob\": %s%n}%n",
                Runtime.version(),
                JOBS,
                BLOCK_MILLIS,
                ROUNDS,
                stats(raw, 0),
                stats(ours, 0),
                stats(raw, 1),
                stats(ours, 1));
        System.out.print(json);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
        }
    }

    /**
     * Two-sided 99.9 % quantiles of Student's t (0.9995), for 1 to 30 degrees of freedom; beyond,
     * the normal quantile is close enough for an error bar.
     */
    private static final double[] T_999 = {
        636.619, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221, 4.140, 4.073,
        4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646
    };

    static double t999(int degreesOfFreedom) {
        return degreesOfFreedom <= T_999.length ? T_999[degreesOfFreedom - 1] : 3.291;
    }

    /**
     * {@code {"mean": m, "stdev": s, "ci999": h, "values": [...]}} of column {@code column}, where
     * {@code h} is the half-width of the 99.9 % confidence interval of the mean.
     */
    private static String stats(List<double[]> rows, int column) {
        double sum = 0;
        for (double[] row : rows) {
            sum += row[column];
        }
        double mean = sum / rows.size();
        double squares = 0;
        StringBuilder values = new StringBuilder();
        for (double[] row : rows) {
            squares += (row[column] - mean) * (row[column] - mean);
            values.append(values.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", row[column]));
        }
        double stdev = rows.size() > 1 ? Math.sqrt(squares / (rows.size() - 1)) : 0;
        double ci999 = rows.size() > 1 ? t999(rows.size() - 1) * stdev / Math.sqrt(rows.size()) : Double.NaN;
        return String.format(
                Locale.ROOT,
                "{\"mean\": %.4f, \"stdev\": %.4f, \"ci999\": %.4f, \"values\": [%s]}",
                mean,
                stdev,
                ci999,
                values);
    }

    static ExecutorService newVirtualThreadPerTaskExecutor() throws Throwable {
        return (ExecutorService) MethodHandles.publicLookup()
                .findStatic(
                        java.util.concurrent.Executors.class,
                        "newVirtualThreadPerTaskExecutor",
                        MethodType.methodType(ExecutorService.class))
                .invoke();
    }

    // ---- raw virtual threads ---------------------------------------------------------------

    static double rawWall() throws Throwable {
        ExecutorService executor = newVirtualThreadPerTaskExecutor();
        try {
            CountDownLatch done = new CountDownLatch(JOBS);
            long start = System.nanoTime();
            for (int i = 0; i < JOBS; i++) {
                executor.execute(() -> {
                    try {
                        Thread.sleep(BLOCK_MILLIS);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                });
            }
            await(done);
            return (System.nanoTime() - start) / 1e9;
        } finally {
            stop(executor);
        }
    }

    static double rawHeapPerTask() throws Throwable {
        ExecutorService executor = newVirtualThreadPerTaskExecutor();
        try {
            CountDownLatch gate = new CountDownLatch(1);
            AtomicInteger started = new AtomicInteger();
            long before = liveHeap();
            for (int i = 0; i < JOBS; i++) {
                executor.execute(() -> {
                    started.incrementAndGet();
                    awaitUninterruptibly(gate);
                });
            }
            waitUntil(() -> started.get() == JOBS);
            long after = liveHeap();
            gate.countDown();
            return (double) (after - before) / JOBS;
        } finally {
            stop(executor);
        }
    }

    // ---- orchestrator on virtual threads ---------------------------------------------------

    static double orchestratorWall() throws Throwable {
        try (Harness harness = new Harness(job -> {
            Thread.sleep(BLOCK_MILLIS);
            return null;
        })) {
            long start = System.nanoTime();
            for (int i = 0; i < JOBS; i++) {
                harness.orchestrator.dispatch(new BlockingJob());
            }
            await(harness.orchestrator.done);
            double seconds = (System.nanoTime() - start) / 1e9;
            harness.checkNothingLost();
            return seconds;
        }
    }

    static double orchestratorHeapPerJob() throws Throwable {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        long before;
        long after;
        Harness harness = null;
        try {
            before = liveHeap();
            harness = new Harness(job -> {
                started.incrementAndGet();
                awaitUninterruptibly(gate);
                return null;
            });
            for (int i = 0; i < JOBS; i++) {
                harness.orchestrator.dispatch(new BlockingJob());
            }
            waitUntil(() -> started.get() == JOBS);
            Harness running = harness;
            // every JobStartedEvent delivered, so that the heap holds no queued events
            waitUntil(() -> running.orchestrator.started.get() == JOBS);
            after = liveHeap();
            gate.countDown();
            await(harness.orchestrator.done);
            harness.checkNothingLost();
        } finally {
            gate.countDown();
            if (harness != null) {
                harness.close();
            }
        }
        return (double) (after - before) / JOBS;
    }

    /** A dispatcher on virtual threads, a bus and an orchestrator that counts successes. */
    static final class Harness implements AutoCloseable {
        final ExecutorService virtualThreads;
        final SignalBus bus;
        final Dispatcher dispatcher;
        final CountingOrchestrator orchestrator;

        Harness(Work work) throws Throwable {
            virtualThreads = newVirtualThreadPerTaskExecutor();
            // Room for every job's two events: at the default capacity (10,000 per subscriber) the
            // 100,000 dispatches of one round outran the orchestrator's delivery and the bus dropped
            // about 2 % of the JobStartedEvents and stripped the results of about 2 % of the endings
            // (issue 11), which checkNothingLost now refuses. The queue grows in chunks as events
            // wait, so the capacity costs nothing while it is not used.
            bus = SignalBus.builder("scale")
                    .subscriberCapacity(2 * JOBS)
                    .logger(new NoOpLogger())
                    .build();
            OrchestratorConfig config = OrchestratorConfig.custom()
                    .maxEventsPerSecond(Integer.MAX_VALUE)
                    .logger(new NoOpLogger())
                    .build();
            dispatcher = Dispatcher.builder()
                    .config(config)
                    .executor(virtualThreads)
                    .defaultBus(bus)
                    .build();
            dispatcher.register(new BlockingExecutor(work));
            orchestrator = new CountingOrchestrator(dispatcher, bus);
        }

        /** Fails unless every job's start and success reached the orchestrator and the bus dropped nothing. */
        void checkNothingLost() {
            long starts = orchestrator.started.get();
            long successes = JOBS - orchestrator.done.getCount();
            if (starts != JOBS
                    || successes != JOBS
                    || bus.droppedEvents() != 0
                    || bus.droppedResults() != 0
                    || bus.cutOffSubscribers() != 0) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "Events were lost: %d of %d JobStartedEvents and %d JobSuccessEvents reached the orchestrator;"
                                + " the bus dropped %d events and %d results and cut off %d subscribers",
                        starts,
                        JOBS,
                        successes,
                        bus.droppedEvents(),
                        bus.droppedResults(),
                        bus.cutOffSubscribers()));
            }
        }

        @Override
        public void close() {
            orchestrator.close();
            dispatcher.shutdown(Duration.ofSeconds(5));
            bus.close();
            stop(virtualThreads);
        }
    }

    @FunctionalInterface
    interface Work {
        Object run(BlockingJob job) throws Exception;
    }

    static final class BlockingJob extends BaseJob {}

    static final class BlockingExecutor extends BaseExecutor<BlockingJob> {
        private final Work work;

        BlockingExecutor(Work work) {
            this.work = work;
        }

        @Override
        protected Object process(BlockingJob job) throws Exception {
            return work.run(job);
        }
    }

    static final class CountingOrchestrator extends BaseOrchestrator<String> {
        final CountDownLatch done = new CountDownLatch(JOBS);
        final AtomicInteger started = new AtomicInteger();

        CountingOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super("idle", dispatcher, bus);
            start();
        }

        @Override
        protected void onJobStarted(JobStartedEvent event) {
            started.incrementAndGet();
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            done.countDown();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** {@code ExecutorService.close()}, which the release-17 API does not have. */
    private static void stop(ExecutorService executor) {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static long liveHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Timed out; " + latch.getCount() + " left");
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting");
            }
            Thread.sleep(10);
        }
    }
}
