package dev.orchestrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reliability suite, a subscriber that blocks for good: 100,000 jobs, each with a 4 KB result, end
 * while one subscriber of their bus never returns. Behind its capacity it keeps endings without their
 * results, and once its handler call has run longer than the stuck-subscriber timeout the next ending
 * cuts it off (one ERROR line, counted), so the heap does not grow with every job, while every other
 * subscriber, however far behind the burst puts it, gets every ending with its result.
 */
@Tag("reliability")
class BlockedSubscriberMemoryReliabilityTest {

    static final int JOBS = 100_000;
    static final int CAPACITY = 1_000;
    static final int RESULT_BYTES = 4_096;
    /**
     * Heap growth allowed from before the jobs to after them, the blocked subscriber still blocked. Kept
     * events would take JOBS × RESULT_BYTES, about 400 MB; the bound allows 2 × CAPACITY events with
     * their results (8 MB) plus the registry's history of finished jobs and slack for the JVM.
     */
    static final long HEAP_BOUND_MB = 48;
    /** Short, so that the stuck subscriber is cut off during the burst. */
    static final Duration STUCK_TIMEOUT = Duration.ofMillis(200);

    static final class ReportJob extends BaseJob {}

    static final class ReportExecutor extends BaseExecutor<ReportJob> {
        @Override
        protected Object process(ReportJob job) {
            return new byte[RESULT_BYTES];
        }
    }

    /** Keeps ERROR lines only. */
    static final class ErrorLines implements OrchestratorLogger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void log(LogLevel level, String message, @Nullable Throwable error) {
            if (level == LogLevel.ERROR) {
                lines.add(message);
            }
        }
    }

    private final CountDownLatch release = new CountDownLatch(1);
    private final ErrorLines errors = new ErrorLines();
    private final ExecutorService delivery = Executors.newFixedThreadPool(4);
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final SignalBus bus = SignalBus.builder("reports")
            .subscriberCapacity(CAPACITY)
            .stuckSubscriberTimeout(STUCK_TIMEOUT)
            .deliveryExecutor(delivery)
            .logger(errors)
            .build();
    private final Dispatcher dispatcher = Dispatcher.builder()
            .config(OrchestratorConfig.custom().logger(errors).build())
            .defaultBus(bus)
            .executor(workers)
            .build();

    @AfterEach
    void tearDown() {
        release.countDown();
        dispatcher.close();
        bus.close();
        workers.shutdownNow();
        delivery.shutdownNow();
    }

    @Test
    void aSubscriberBlockedForGoodIsCutOffOnceAndTheHeapStaysBoundedWhileTheOthersGetEveryEnding() {
        dispatcher.register(new ReportExecutor());
        CountDownLatch blocked = new CountDownLatch(1);
        bus.subscribe("stuck", BaseEvent.class, event -> {
            blocked.countDown();
            awaitQuietly(release);
        });
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> second = ConcurrentHashMap.newKeySet();
        AtomicInteger withoutResult = new AtomicInteger();
        bus.subscribe("first", JobSuccessEvent.class, event -> {
            first.add(event.correlationId());
            if (!(event.data() instanceof byte[])) {
                withoutResult.incrementAndGet();
            }
        });
        bus.subscribe("second", JobSuccessEvent.class, event -> second.add(event.correlationId()));
        long heapBefore = usedHeapAfterGc();

        long start = System.nanoTime();
        for (int i = 0; i < JOBS; i++) {
            dispatcher.dispatch(new ReportJob());
        }
        // A burst shorter than the timeout would not reach the cut-off: a few more jobs then, until it does.
        AtomicInteger dispatched = new AtomicInteger(JOBS);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (bus.cutOffSubscribers() == 0) {
                dispatcher.dispatch(new ReportJob());
                dispatched.incrementAndGet();
            }
            return bus.cutOffSubscribers() == 1;
        });
        await().atMost(Duration.ofSeconds(120))
                .until(() -> first.size() == dispatched.get()
                        && second.size() == dispatched.get()
                        && dispatcher.registry().runningJobs().isEmpty());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long heapGrowthMb = (usedHeapAfterGc() - heapBefore) / (1024 * 1024);

        System.out.printf(
                "RELIABILITY: blocked-subscriber jobs=%d resultBytes=%d capacity=%d stuckTimeout=%d ms heapGrowth=%d MB"
                        + " (bound %d MB; keeping every ending with its result would need ~%d MB) cutOffSubscribers=%d"
                        + " othersGotEveryEnding=%s endingsWithoutResultForTheOthers=%d elapsed=%d ms%n",
                dispatched.get(),
                RESULT_BYTES,
                CAPACITY,
                STUCK_TIMEOUT.toMillis(),
                heapGrowthMb,
                HEAP_BOUND_MB,
                (long) dispatched.get() * RESULT_BYTES / (1024 * 1024),
                bus.cutOffSubscribers(),
                first.size() == dispatched.get() && second.size() == dispatched.get(),
                withoutResult.get(),
                elapsedMs);
        assertThat(blocked.getCount()).isZero();
        assertThat(heapGrowthMb).isLessThan(HEAP_BOUND_MB);
        assertThat(bus.cutOffSubscribers()).isEqualTo(1);
        assertThat(bus.subscriberCount()).isEqualTo(2);
        assertThat(errors.lines)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("Subscriber 'stuck' of bus 'reports' is cut off: one handler call has been running"
                                + " for longer than PT0.2S while ")
                        .contains("when JobSuccessEvent[job=ReportJob, id='"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
