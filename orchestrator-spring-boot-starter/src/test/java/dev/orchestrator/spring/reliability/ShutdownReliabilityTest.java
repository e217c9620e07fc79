package dev.orchestrator.spring.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.FinishedJob;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.Executor;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Reliability suite, shutdown (contract point 2 "when the application shuts down", starter graceful
 * shutdown): 1,000 jobs are running, on the global bus and on a module's scoped bus, when the Spring
 * context closes, 100 more wait for a worker. Each job ends with exactly one terminal event, in
 * contract order, within the grace period plus 1 s of the close: jobs that finish in the grace period
 * succeed, timeouts that fire in it fail as timeouts, the rest (blocked, ignoring interruption, waiting
 * for a retry, queued) are cancelled. Dispatching during and after the close fails clearly.
 */
@Tag("reliability")
class ShutdownReliabilityTest {

    static final Duration GRACE = Duration.ofSeconds(2);
    static final Duration BOUND = GRACE.plusSeconds(1);
    static final int PER_KIND = 200;
    static final int QUEUED = 100;

    /** What each job does, the events it must produce and how it must end. */
    enum Kind {
        /** Waits for the shutdown to begin, then finishes within the first half of the grace period. */
        FINISHES_IN_GRACE("Ss", JobOutcome.SUCCESS, true),
        /** Blocks (interruptibly) until cancelled. */
        BLOCKS("Sc", JobOutcome.CANCELLED, true),
        /** Blocks and ignores the interruption: its thread stays stuck, the job still ends at once. */
        IGNORES_INTERRUPTION("Sc", JobOutcome.CANCELLED, true),
        /** Failed once and is waiting 1 minute for its retry, holding no thread. */
        WAITING_FOR_RETRY("SRc", JobOutcome.CANCELLED, false),
        /** Blocks past its 1.5 s timeout, which fires during the grace period. */
        TIMES_OUT_IN_GRACE("STf", JobOutcome.TIMEOUT, true),
        /** Waits for a worker (or gets one freed by a job finishing in the grace period), then blocks. */
        QUEUED("S?c", JobOutcome.CANCELLED, true);

        final Pattern expected;
        final JobOutcome outcome;
        final boolean holdsThread;

        Kind(String expected, JobOutcome outcome, boolean holdsThread) {
            this.expected = Pattern.compile(expected);
            this.outcome = outcome;
            this.holdsThread = holdsThread;
        }
    }

    static final class ShutdownJob extends BaseJob {
        final Kind kind;
        final CountDownLatch finish = new CountDownLatch(1);

        ShutdownJob(Kind kind, JobOptions options) {
            super(options);
            this.kind = kind;
        }
    }

    static final class ShutdownExecutor extends BaseExecutor<ShutdownJob> {
        final AtomicInteger holding = new AtomicInteger();
        final CountDownLatch never = new CountDownLatch(1);
        final CountDownLatch releaseStuck = new CountDownLatch(1);
        final AtomicInteger stuck = new AtomicInteger();

        @Override
        protected Object process(ShutdownJob job) throws Exception {
            switch (job.kind) {
                case WAITING_FOR_RETRY:
                    throw new IllegalStateException("fails once, then waits a minute for its retry");
                case FINISHES_IN_GRACE:
                    holding.incrementAndGet();
                    job.finish.await();
                    return "finished within the grace period";
                case IGNORES_INTERRUPTION:
                    holding.incrementAndGet();
                    stuck.incrementAndGet();
                    try {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // never stuck for ever
                        while (releaseStuck.getCount() > 0 && System.nanoTime() < deadline) {
                            try {
                                releaseStuck.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                            } catch (InterruptedException ignored) {
                                // ignores its interruption on purpose, and goes on waiting
                            }
                        }
                    } finally {
                        stuck.decrementAndGet();
                    }
                    return "too late";
                default:
                    holding.incrementAndGet();
                    never.await();
                    throw new AssertionError("never released");
            }
        }
    }

    /** A module's orchestrator on its own scoped bus; dispatches half of the jobs. */
    static final class ModuleOrchestrator extends BaseOrchestrator<Integer> {
        final AtomicInteger successes = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger cancellations = new AtomicInteger();

        ModuleOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super(0, dispatcher, bus);
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            successes.incrementAndGet();
        }

        @Override
        protected void onActiveFailure(JobFailureEvent event) {
            failures.incrementAndGet();
        }

        @Override
        protected void onActiveCancelled(JobCancelledEvent event) {
            cancellations.incrementAndGet();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        @Executor
        ShutdownExecutor shutdownExecutor() {
            return new ShutdownExecutor();
        }

        @Bean
        SignalBus moduleBus(OrchestratorLogger logger) {
            return SignalBus.builder("module").logger(logger).build();
        }

        @Bean
        ModuleOrchestrator moduleOrchestrator(Dispatcher dispatcher, @Qualifier("moduleBus") SignalBus moduleBus) {
            return new ModuleOrchestrator(dispatcher, moduleBus);
        }

        @Bean
        OrchestratorLogger quietLogger() {
            return NoOpLogger.INSTANCE;
        }
    }

    /** One job as every subscriber saw it. */
    static final class Record {
        final Kind kind;
        final StringBuilder events = new StringBuilder(4);
        final AtomicInteger terminals = new AtomicInteger();
        volatile long terminalNanos;
        volatile Throwable error;

        Record(Kind kind) {
            this.kind = kind;
        }

        synchronized void saw(char code) {
            events.append(code);
        }

        synchronized String sequence() {
            return events.toString();
        }
    }

    private final Map<String, Record> records = new ConcurrentHashMap<>();
    private final AtomicInteger unknownEvents = new AtomicInteger();

    @Test
    void closingTheContextWithAThousandRunningJobsEndsEachExactlyOnceWithinTheGracePeriodPlusOneSecond() {
        int threads = PER_KIND * 4; // every kind but WAITING_FOR_RETRY holds a worker; QUEUED ones wait for one
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .withPropertyValues(
                        "orchestrator.execution.pool-size=" + threads,
                        "orchestrator.shutdown.grace-period=" + GRACE.toMillis() + "ms",
                        "orchestrator.history.max-size=" + (PER_KIND * 5 + QUEUED),
                        // hundreds of jobs end in one second: the default limit (50 per type) would keep most of
                        // their terminal events from the module orchestrator's hooks, by design (contract point 9)
                        "orchestrator.circuit-breaker.max-events-per-second=100000")
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    ShutdownExecutor executor = context.getBean(ShutdownExecutor.class);
                    ModuleOrchestrator orchestrator = context.getBean(ModuleOrchestrator.class);
                    SignalBus global = context.getBean(SignalBus.class);
                    SignalBus module = context.getBean("moduleBus", SignalBus.class);
                    JobRegistry registry = context.getBean(JobRegistry.class);
                    ThreadPoolExecutor workers = context.getBean("orchestratorExecutor", ThreadPoolTaskExecutor.class)
                            .getThreadPoolExecutor();
                    global.subscribe(this::record);
                    module.subscribe(this::record);
                    ScheduledExecutorService finisher = Executors.newSingleThreadScheduledExecutor();
                    try {
                        // Running jobs: retries waiting first (their first attempt needs a worker), then the
                        // thread holders, then the timeouts (1.5 s from their start: within the grace period).
                        dispatchAll(Kind.WAITING_FOR_RETRY, dispatcher, orchestrator);
                        awaitCount(() -> countSeen('R'), PER_KIND, "retries waiting");
                        dispatchAll(Kind.FINISHES_IN_GRACE, dispatcher, orchestrator);
                        dispatchAll(Kind.BLOCKS, dispatcher, orchestrator);
                        dispatchAll(Kind.IGNORES_INTERRUPTION, dispatcher, orchestrator);
                        awaitCount(executor.holding::get, PER_KIND * 3, "jobs holding a worker");
                        dispatchAll(Kind.TIMES_OUT_IN_GRACE, dispatcher, orchestrator);
                        awaitCount(executor.holding::get, PER_KIND * 4, "jobs holding a worker");
                        for (int i = 0; i < QUEUED; i++) {
                            dispatch(Kind.QUEUED, i, dispatcher, orchestrator);
                        }
                        int running = registry.runningJobs().stream()
                                .filter(job -> job.startedAt() != null)
                                .mapToInt(job -> 1)
                                .sum();
                        assertThat(running).as("running jobs at close").isEqualTo(PER_KIND * 5);
                        assertThat(registry.runningCount())
                                .as("running and queued jobs at close")
                                .isEqualTo(PER_KIND * 5 + QUEUED);

                        // During the grace period: jobs finishing at staggered times, and dispatches that must fail.
                        AtomicReference<Throwable> duringGraceDirect = new AtomicReference<>();
                        AtomicReference<Throwable> duringGraceOrchestrator = new AtomicReference<>();
                        Thread watcher = new Thread(
                                () -> {
                                    await().atMost(Duration.ofSeconds(10))
                                            .pollInterval(Duration.ofMillis(1))
                                            .until(dispatcher::isShutdown);
                                    List<ShutdownJob> finishing = finishingJobs();
                                    for (int i = 0; i < finishing.size(); i++) {
                                        long delay = GRACE.toMillis() / 2 * i / finishing.size();
                                        finisher.schedule(
                                                finishing.get(i).finish::countDown, delay, TimeUnit.MILLISECONDS);
                                    }
                                    duringGraceDirect.set(failureOf(() ->
                                            dispatcher.dispatch(new ShutdownJob(Kind.BLOCKS, JobOptions.none()))));
                                    duringGraceOrchestrator.set(failureOf(() ->
                                            orchestrator.dispatch(new ShutdownJob(Kind.BLOCKS, JobOptions.none()))));
                                },
                                "shutdown-watcher");
                        watcher.start();

                        long closeStarted = System.nanoTime();
                        ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
                        long closeNanos = System.nanoTime() - closeStarted;
                        watcher.join(10_000);

                        await().atMost(Duration.ofSeconds(10))
                                .pollInterval(Duration.ofMillis(10))
                                .until(() -> records.values().stream().allMatch(r -> r.terminals.get() > 0));
                        Throwable afterClose =
                                failureOf(() -> dispatcher.dispatch(new ShutdownJob(Kind.BLOCKS, JobOptions.none())));

                        // ---- figures ----
                        Map<String, FinishedJob> finished =
                                registry.finishedJobs().stream().collect(Collectors.toMap(FinishedJob::id, job -> job));
                        long lost = records.values().stream()
                                .filter(r -> r.terminals.get() == 0)
                                .count();
                        long duplicates = records.values().stream()
                                .filter(r -> r.terminals.get() > 1)
                                .count();
                        List<String> wrong = new ArrayList<>();
                        long latestEnd = 0;
                        Map<Kind, Map<JobOutcome, Integer>> outcomes = new EnumMap<>(Kind.class);
                        for (Map.Entry<String, Record> entry : records.entrySet()) {
                            Record record = entry.getValue();
                            FinishedJob job = finished.get(entry.getKey());
                            latestEnd = Math.max(latestEnd, record.terminalNanos - closeStarted);
                            if (job != null) {
                                outcomes.computeIfAbsent(record.kind, k -> new EnumMap<>(JobOutcome.class))
                                        .merge(job.outcome(), 1, Integer::sum);
                            }
                            if (!record.kind.expected.matcher(record.sequence()).matches()
                                    || job == null
                                    || job.outcome() != record.kind.outcome) {
                                wrong.add(record.kind + " " + entry.getKey() + " saw '" + record.sequence() + "' ended "
                                        + (job == null ? "unknown" : job.outcome()));
                            }
                        }
                        System.out.printf(
                                "RELIABILITY: shutdown running=%d queued=%d grace=%dms contextClose=%dms"
                                        + " lastTerminalAfterClose=%dms (bound %dms) lost=%d duplicates=%d wrongEndings=%d"
                                        + " outcomes=%s stuckThreadsAtClose=%d moduleOrchestratorHandled=%d/%d dispatchDuringGrace=%s"
                                        + " dispatchAfterClose=%s%n",
                                PER_KIND * 5,
                                QUEUED,
                                GRACE.toMillis(),
                                closeNanos / 1_000_000,
                                latestEnd / 1_000_000,
                                BOUND.toMillis(),
                                lost,
                                duplicates,
                                wrong.size(),
                                outcomes,
                                executor.stuck.get(),
                                orchestrator.successes.get()
                                        + orchestrator.failures.get()
                                        + orchestrator.cancellations.get(),
                                records.keySet().stream()
                                        .filter(id -> id.startsWith("module-"))
                                        .count(),
                                name(duringGraceDirect.get()),
                                name(afterClose));

                        assertThat(records).hasSize(PER_KIND * 5 + QUEUED);
                        assertThat(lost).as("jobs without a terminal event").isZero();
                        assertThat(duplicates)
                                .as("jobs with more than one terminal event")
                                .isZero();
                        assertThat(wrong)
                                .as("jobs out of contract order or with the wrong ending")
                                .isEmpty();
                        assertThat(unknownEvents.get()).isZero();
                        assertThat(latestEnd)
                                .as("last terminal event after the close began, ns")
                                .isLessThan(BOUND.toNanos());
                        assertThat(closeNanos).as("context close, ns").isLessThan(BOUND.toNanos());
                        assertThat(executor.stuck.get())
                                .as("jobs ignoring interruption were still stuck in process")
                                .isEqualTo(PER_KIND);
                        // The module's orchestrator handles what ends during the grace period; it is closed with the
                        // context right after, so cancellations still queued for it then may go unhandled (by design).
                        assertThat(orchestrator.successes.get())
                                .as("module successes handled")
                                .isEqualTo(PER_KIND / 2);
                        assertThat(orchestrator.failures.get())
                                .as("module timeouts handled")
                                .isEqualTo(PER_KIND / 2);
                        assertThat(orchestrator.cancellations.get())
                                .as("module cancellations handled, never twice")
                                .isLessThanOrEqualTo(PER_KIND * 3 / 2 + QUEUED / 2);
                        assertThat(duringGraceDirect.get())
                                .as("dispatch during the grace period")
                                .isInstanceOf(RejectedExecutionException.class)
                                .hasMessageContaining("shut down");
                        assertThat(duringGraceOrchestrator.get())
                                .as("orchestrator dispatch during the grace period")
                                .isInstanceOf(RejectedExecutionException.class)
                                .hasMessageContaining("shut down");
                        assertThat(afterClose)
                                .as("dispatch after close")
                                .isInstanceOf(RejectedExecutionException.class)
                                .hasMessageContaining("Dispatcher is shut down");
                        assertThat(registry.runningCount()).isZero();
                    } finally {
                        executor.releaseStuck.countDown();
                        finisher.shutdownNow();
                    }
                    // Released, the stuck threads leave: the pool (shut down with the context) terminates.
                    assertThat(workers.awaitTermination(10, TimeUnit.SECONDS))
                            .as("worker threads all ended")
                            .isTrue();
                });
    }

    private void dispatchAll(Kind kind, Dispatcher dispatcher, ModuleOrchestrator orchestrator) {
        for (int i = 0; i < PER_KIND; i++) {
            dispatch(kind, i, dispatcher, orchestrator);
        }
    }

    /** Even jobs go through the module's orchestrator (scoped bus), odd ones straight to the dispatcher (global bus). */
    private void dispatch(Kind kind, int i, Dispatcher dispatcher, ModuleOrchestrator orchestrator) {
        boolean viaModule = i % 2 == 0;
        String id = (viaModule ? "module-" : "global-") + kind + "-" + i;
        JobOptions.Builder options = JobOptions.builder().id(id);
        if (kind == Kind.WAITING_FOR_RETRY) {
            options.retryPolicy(RetryPolicy.custom()
                    .maxRetries(1)
                    .baseDelay(Duration.ofMinutes(1))
                    .maxDelay(Duration.ofMinutes(1))
                    .build());
        } else if (kind == Kind.TIMES_OUT_IN_GRACE) {
            options.timeout(Duration.ofMillis(1_500));
        }
        ShutdownJob job = new ShutdownJob(kind, options.build());
        records.put(id, new Record(kind));
        jobs.put(id, job);
        if (viaModule) {
            orchestrator.dispatch(job);
        } else {
            dispatcher.dispatch(job);
        }
    }

    private final Map<String, ShutdownJob> jobs = new ConcurrentHashMap<>();

    private List<ShutdownJob> finishingJobs() {
        return jobs.values().stream()
                .filter(job -> job.kind == Kind.FINISHES_IN_GRACE)
                .collect(Collectors.toList());
    }

    private void record(BaseEvent event) {
        Record record = records.get(event.correlationId());
        if (record == null) {
            unknownEvents.incrementAndGet();
            return;
        }
        record.saw(code(event));
        if (event instanceof JobEvent && ((JobEvent) event).isTerminal()) {
            record.terminalNanos = System.nanoTime();
            record.terminals.incrementAndGet();
        }
    }

    private long countSeen(char code) {
        return records.values().stream()
                .filter(r -> r.sequence().indexOf(code) >= 0)
                .count();
    }

    private static void awaitCount(java.util.function.LongSupplier count, long expected, String what) {
        await(what)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> count.getAsLong() >= expected);
    }

    private static Throwable failureOf(Runnable call) {
        try {
            call.run();
            return null;
        } catch (Throwable failure) {
            return failure;
        }
    }

    private static String name(Throwable failure) {
        return failure == null
                ? "accepted"
                : failure.getClass().getSimpleName() + "(\""
                        + failure.getMessage().replaceAll(";.*", "") + "\")";
    }

    private static char code(BaseEvent event) {
        if (event instanceof JobStartedEvent) {
            return 'S';
        } else if (event instanceof JobProgressEvent) {
            return 'P';
        } else if (event instanceof JobRetryingEvent) {
            return 'R';
        } else if (event instanceof JobTimeoutEvent) {
            return 'T';
        } else if (event instanceof JobSuccessEvent) {
            return 's';
        } else if (event instanceof JobFailureEvent) {
            return 'f';
        } else if (event instanceof JobCancelledEvent) {
            return 'c';
        }
        return 'x';
    }
}
