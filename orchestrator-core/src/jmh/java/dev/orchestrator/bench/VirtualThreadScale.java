package dev.orchestrator.bench;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
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
 * Each variant runs {@value #WARMUPS} warm-up and {@value #ROUNDS} measured rounds, alternating.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.orchestrator.bench.VirtualThreadScale [result.json]}
 */
public final class VirtualThreadScale {

    static final int JOBS = 100_000;
    static final long BLOCK_MILLIS = 1_000;
    // 2: after a single warm-up round the first measured raw round was 1.5-1.9x the others in each
    // run of this session (D, E: 2.28 s and 1.88 s against 1.1-1.3 s), which flattered the ratio
    static final int WARMUPS = 2;
    static final int ROUNDS = 5;

    private VirtualThreadScale() {}

    public static void main(String[] args) throws Throwable {
        if (Runtime.version().feature() < 21) {
            System.err.println(
                    "VirtualThreadScale needs JDK 21 or newer (virtual threads); this is " + Runtime.version());
            System.exit(2);
        }
        List<double[]> raw = new ArrayList<>();
        List<double[]> ours = new ArrayList<>();
        for (int round = 0; round < WARMUPS + ROUNDS; round++) {
            double[] r = new double[] {rawWall(), rawHeapPerTask()};
            double[] o = new double[] {orchestratorWall(), orchestratorHeapPerJob()};
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

    /** {@code {"mean": m, "stdev": s, "values": [...]}} of column {@code column}. */
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
        return String.format(Locale.ROOT, "{\"mean\": %.4f, \"stdev\": %.4f, \"values\": [%s]}", mean, stdev, values);
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
            return (System.nanoTime() - start) / 1e9;
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
            Thread.sleep(200); // let the bus deliver the JobStartedEvents
            after = liveHeap();
            gate.countDown();
            await(harness.orchestrator.done);
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
            bus = SignalBus.builder("scale").logger(new NoOpLogger()).build();
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

        CountingOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super("idle", dispatcher, bus);
            start();
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
