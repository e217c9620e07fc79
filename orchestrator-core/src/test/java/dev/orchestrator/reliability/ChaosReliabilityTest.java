package dev.orchestrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.config.OrchestratorConfig;
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
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.FinishedJob;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.orchestration.OrchestratorObserver;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reliability suite, chaos (contract points 2, 3, 4, 5, 6, 8, 10 under load): 100,000 jobs dispatched
 * from 8 threads by four orchestrators on two scoped buses, each job with a random outcome. Every job
 * must end exactly once, with its events in contract order for every subscriber, and no orchestrator
 * may ever run two handlers at once. The seed is printed; replay with {@code -Dchaos.seed=<seed>}.
 */
@Tag("reliability")
class ChaosReliabilityTest {

    static final int JOBS = Integer.getInteger("chaos.jobs", 100_000);
    static final int PRODUCERS = 8;
    /** Worker threads: jobs that block (timeouts, cancellation while running) hold one until they end. */
    static final int WORKERS = 64;
    /** A job that ignores interruption is released when its terminal event is seen, or after this at the latest. */
    static final Duration IGNORE_BOUND = Duration.ofSeconds(10);
    /** Generous: the run takes about 25 s on a 2-core machine. */
    static final Duration ALL_ENDED_WITHIN = Duration.ofSeconds(150);

    /** What a job does; each has the exact event sequence (a regular expression over event codes) it must produce. */
    enum Kind {
        /** Emits 0..3 progress events, returns its id. */
        SUCCESS(JobOutcome.SUCCESS),
        /** Throws an exception, no retry policy. */
        FAILURE(JobOutcome.FAILURE),
        /** Fails 1..3 times, then succeeds (policy allows 3 retries). */
        RETRY_THEN_SUCCESS(JobOutcome.SUCCESS),
        /** Always fails; 1..3 retries allowed. */
        RETRIES_EXHAUSTED(JobOutcome.FAILURE),
        /** Throws an {@link Error} although its policy allows retries: never retried. */
        THROWS_ERROR(JobOutcome.FAILURE),
        /** Blocks (interruptibly) past a 1..10 ms timeout. */
        TIMEOUT(JobOutcome.TIMEOUT),
        /** Blocks past its timeout and ignores the interruption. */
        TIMEOUT_IGNORING_INTERRUPT(JobOutcome.TIMEOUT),
        /** Always fails with 1,000 retries allowed; the 10 ms timeout ends it between attempts or during one. */
        TIMEOUT_DURING_RETRIES(JobOutcome.TIMEOUT),
        /** Its token is cancelled before dispatch: never runs. */
        CANCEL_BEFORE_START(JobOutcome.CANCELLED),
        /** Cancelled through its orchestrator while blocked (interruptibly). */
        CANCEL_WHILE_RUNNING(JobOutcome.CANCELLED),
        /** Cancelled through its token while blocked, ignoring the interruption. */
        CANCEL_WHILE_RUNNING_IGNORING_INTERRUPT(JobOutcome.CANCELLED),
        /** Cancelled while blocked; catches the interruption and returns a result, which must be discarded. */
        CANCEL_THEN_RETURN(JobOutcome.CANCELLED),
        /** Fails once, then is cancelled during a 1-minute backoff wait. */
        CANCEL_DURING_BACKOFF(JobOutcome.CANCELLED),
        /** Cancelled by the dispatching thread right after dispatch, racing the job's start and end. */
        CANCEL_RACING_START(null);

        final JobOutcome outcome;

        Kind(JobOutcome outcome) {
            this.outcome = outcome;
        }

        boolean ignoresInterruption() {
            return this == TIMEOUT_IGNORING_INTERRUPT || this == CANCEL_WHILE_RUNNING_IGNORING_INTERRUPT;
        }
    }

    /** Thrown by {@link Kind#THROWS_ERROR} jobs. */
    static final class ChaosError extends Error {
        private static final long serialVersionUID = 1L;

        ChaosError(String message) {
            super(message);
        }
    }

    /** Everything known about one job: what it should do and what every observer saw. */
    static final class Record {
        final String id;
        final Kind kind;
        final int orchestrator;
        final int bus;
        final int count; // progress events or failures, per kind
        final boolean handlerThrows;
        final CountDownLatch release; // jobs that ignore interruption wait for it
        CancellationToken token;
        volatile Pattern expected;
        volatile Boolean cancelReturned;
        // appended to by one delivery thread each; read by the test thread once the buses are idle
        final StringBuilder seenByRecorder = new StringBuilder(8);
        final StringBuilder seenByOwner = new StringBuilder(8);
        final AtomicInteger terminalsAtRecorder = new AtomicInteger();
        final AtomicInteger terminalsAtOwner = new AtomicInteger();
        final AtomicInteger observerFinished = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        volatile Throwable error;
        volatile Object data;
        volatile boolean releasedByDeadline;

        Record(String id, Kind kind, int orchestrator, int bus, int count, boolean handlerThrows) {
            this.id = id;
            this.kind = kind;
            this.orchestrator = orchestrator;
            this.bus = bus;
            this.count = count;
            this.handlerThrows = handlerThrows;
            this.release = kind.ignoresInterruption() ? new CountDownLatch(1) : null;
        }

        synchronized void recorderSaw(char code) {
            seenByRecorder.append(code);
        }

        synchronized void ownerSaw(char code) {
            seenByOwner.append(code);
        }

        synchronized String recorderSequence() {
            return seenByRecorder.toString();
        }

        synchronized String ownerSequence() {
            return seenByOwner.toString();
        }
    }

    static final class ChaosJob extends BaseJob {
        final Record record;

        ChaosJob(Record record, JobOptions options) {
            super(options);
            this.record = record;
        }
    }

    /** Does what the job's kind says; hands cancellations to the canceller thread. */
    final class ChaosExecutor extends BaseExecutor<ChaosJob> {
        @Override
        protected Object process(ChaosJob job) throws Exception {
            Record record = job.record;
            int attempt = record.attempts.getAndIncrement();
            entered.incrementAndGet();
            try {
                switch (record.kind) {
                    case SUCCESS:
                    case CANCEL_RACING_START:
                        for (int i = 1; i <= record.count; i++) {
                            emitStep(job, i, record.count, "step " + i);
                        }
                        return record.id;
                    case FAILURE:
                        throw new IllegalStateException("planned failure of " + record.id);
                    case RETRY_THEN_SUCCESS:
                        if (attempt < record.count) {
                            throw new IllegalStateException("transient failure " + attempt);
                        }
                        return record.id;
                    case RETRIES_EXHAUSTED:
                    case TIMEOUT_DURING_RETRIES:
                        throw new IllegalStateException("always fails, attempt " + attempt);
                    case THROWS_ERROR:
                        throw new ChaosError("planned error of " + record.id);
                    case TIMEOUT:
                        never.await();
                        throw new AssertionError("never released");
                    case CANCEL_WHILE_RUNNING:
                        cancellations.put(
                                () -> orchestrators.get(record.orchestrator).cancelJob(record.id));
                        never.await();
                        throw new AssertionError("never released");
                    case CANCEL_THEN_RETURN:
                        cancellations.put(
                                () -> orchestrators.get(record.orchestrator).cancelJob(record.id));
                        try {
                            never.await();
                        } catch (InterruptedException cancelled) {
                            return "late result of a cancelled job";
                        }
                        throw new AssertionError("never released");
                    case TIMEOUT_IGNORING_INTERRUPT:
                    case CANCEL_WHILE_RUNNING_IGNORING_INTERRUPT:
                        if (record.kind == Kind.CANCEL_WHILE_RUNNING_IGNORING_INTERRUPT) {
                            cancellations.put(record.token::cancel);
                        }
                        awaitIgnoringInterrupts(record);
                        return "late result of a job that ignored its interruption";
                    case CANCEL_DURING_BACKOFF:
                        if (attempt == 0) {
                            throw new IllegalStateException("fails once, then waits a minute");
                        }
                        throw new AssertionError("a cancelled backoff wait must not lead to another attempt");
                    default:
                        throw new AssertionError("process must not run for " + record.kind);
                }
            } finally {
                exited.incrementAndGet();
            }
        }

        private void awaitIgnoringInterrupts(Record record) {
            long deadline = System.nanoTime() + IGNORE_BOUND.toNanos();
            while (record.release.getCount() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    record.releasedByDeadline = true;
                    return;
                }
                try {
                    record.release.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException ignored) {
                    // this job ignores interruption on purpose: its ending must not depend on it
                }
            }
        }
    }

    /** Records the events of its own jobs through the hooks; counts overlapping handlers. */
    final class ChaosOrchestrator extends BaseOrchestrator<Integer> {
        final int index;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger passiveTerminals = new AtomicInteger();

        ChaosOrchestrator(int index, Dispatcher dispatcher, SignalBus bus) {
            super(0, dispatcher, bus);
            this.index = index;
            start();
        }

        @Override
        public String name() {
            return "chaos-" + index;
        }

        private void own(BaseEvent event, char code) {
            if (inFlight.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Record record = records.get(event.correlationId());
                if (record == null || record.orchestrator != index) {
                    misrouted.incrementAndGet();
                    return;
                }
                record.ownerSaw(code);
                if (((JobEvent) event).isTerminal()) {
                    record.terminalsAtOwner.incrementAndGet();
                    emit(getState() + 1);
                }
                if (code == 'S' && record.handlerThrows) {
                    throw new IllegalStateException("handler failure planned for " + record.id);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        protected void onJobStarted(JobStartedEvent event) {
            own(event, 'S');
        }

        @Override
        protected void onProgress(JobProgressEvent event) {
            own(event, 'P');
        }

        @Override
        protected void onJobRetrying(JobRetryingEvent event) {
            own(event, 'R');
        }

        @Override
        protected void onActiveTimeout(JobTimeoutEvent event) {
            own(event, 'T');
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            own(event, 's');
        }

        @Override
        protected void onActiveFailure(JobFailureEvent event) {
            own(event, 'f');
        }

        @Override
        protected void onActiveCancelled(JobCancelledEvent event) {
            own(event, 'c');
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            if (inFlight.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Record record = records.get(event.correlationId());
                if (record == null || record.bus != index / 2 || record.orchestrator == index) {
                    misrouted.incrementAndGet(); // another bus's job, or one of its own jobs seen as passive
                } else if (event instanceof JobEvent && ((JobEvent) event).isTerminal()) {
                    passiveTerminals.incrementAndGet();
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    final Map<String, Record> records = new ConcurrentHashMap<>();
    final List<ChaosOrchestrator> orchestrators = new ArrayList<>();
    final BlockingQueue<Runnable> cancellations = new LinkedBlockingQueue<>();
    final CountDownLatch never = new CountDownLatch(1);
    final AtomicInteger entered = new AtomicInteger();
    final AtomicInteger exited = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger misrouted = new AtomicInteger();
    final AtomicInteger terminalEvents = new AtomicInteger();
    final AtomicInteger unknownEvents = new AtomicInteger();
    final AtomicLong submittedTasks = new AtomicLong();
    final AtomicLong completedTasks = new AtomicLong();
    final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private final ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS + 1);
    private final ThreadPoolExecutor workers =
            new ThreadPoolExecutor(WORKERS, WORKERS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "chaos-worker");
                thread.setDaemon(true);
                return thread;
            });
    private final List<SignalBus> buses = new ArrayList<>();
    private Dispatcher dispatcher;

    @AfterEach
    void tearDown() {
        records.values().forEach(record -> {
            if (record.release != null) {
                record.release.countDown(); // no thread stays stuck in a job that ignores interruption
            }
        });
        producers.shutdownNow();
        orchestrators.forEach(BaseOrchestrator::close);
        if (dispatcher != null) {
            dispatcher.close();
        }
        buses.forEach(SignalBus::close);
        workers.shutdownNow();
    }

    @Test
    void hundredThousandRandomJobsFromEightThreadsEachEndExactlyOnceInContractOrderWithoutOverlappingHandlers()
            throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        System.out.println(
                "Chaos test starting: seed=" + seed + " jobs=" + JOBS + " (replay with -Dchaos.seed=" + seed + ")");
        long started = System.nanoTime();

        OrchestratorConfig config = OrchestratorConfig.custom()
                .logger(NoOpLogger.INSTANCE)
                // the circuit breaker keeps its default limits: 100,000 jobs are load, not a loop, and
                // every hook of every job must be handled (checked below)
                .historyMaxSize(JOBS)
                .build();
        Executor countingWorkers = task -> {
            submittedTasks.incrementAndGet();
            try {
                workers.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        completedTasks.incrementAndGet();
                    }
                });
            } catch (RuntimeException refused) {
                submittedTasks.decrementAndGet();
                throw refused;
            }
        };
        for (int b = 0; b < 2; b++) {
            buses.add(SignalBus.builder("chaos-" + b)
                    .logger(NoOpLogger.INSTANCE)
                    .subscriberCapacity(10 * JOBS)
                    .build());
        }
        dispatcher = Dispatcher.builder()
                .config(config)
                .executor(countingWorkers)
                .defaultBus(buses.get(0))
                .build();
        dispatcher.register(new ChaosExecutor());
        dispatcher.registry().addObserver(new OrchestratorObserver() {
            @Override
            public void jobFinished(FinishedJob job) {
                Record record = records.get(job.id());
                if (record != null) {
                    record.observerFinished.incrementAndGet();
                }
            }
        });
        for (int b = 0; b < 2; b++) {
            int busIndex = b;
            buses.get(b).subscribe("recorder-" + b, BaseEvent.class, event -> record(event, busIndex));
        }
        for (int o = 0; o < 4; o++) {
            orchestrators.add(new ChaosOrchestrator(o, dispatcher, buses.get(o / 2)));
        }
        Future<?> canceller = producers.submit(() -> {
            try {
                while (true) {
                    cancellations.take().run();
                }
            } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
            }
        });

        CyclicBarrier go = new CyclicBarrier(PRODUCERS);
        List<Future<Map<Kind, Integer>>> dispatched = new ArrayList<>();
        for (int t = 0; t < PRODUCERS; t++) {
            int producer = t;
            Random random = new Random(seed + t);
            int jobs = JOBS / PRODUCERS + (t < JOBS % PRODUCERS ? 1 : 0);
            dispatched.add(producers.submit(() -> {
                Map<Kind, Integer> mix = new EnumMap<>(Kind.class);
                go.await();
                for (int i = 0; i < jobs; i++) {
                    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                    mix.merge(kind, 1, Integer::sum);
                    dispatchOne(kind, producer % 4, random);
                }
                return mix;
            }));
        }
        Map<Kind, Integer> mix = new EnumMap<>(Kind.class);
        for (Future<Map<Kind, Integer>> producer : dispatched) {
            producer.get(60, TimeUnit.SECONDS).forEach((kind, n) -> mix.merge(kind, n, Integer::sum));
        }
        long dispatchedAt = System.nanoTime();

        // Every job ended, every attempt returned, every worker task finished: nothing more can be emitted
        // about these jobs. Then each bus idle: every subscriber has handled everything emitted to it.
        await().atMost(ALL_ENDED_WITHIN)
                .pollInterval(Duration.ofMillis(50))
                .until(() ->
                        terminalEvents.get() >= JOBS && dispatcher.registry().runningCount() == 0);
        await().atMost(IGNORE_BOUND.plusSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> exited.get() == entered.get() && completedTasks.get() == submittedTasks.get());
        for (SignalBus bus : buses) {
            assertThat(bus.awaitIdle(Duration.ofSeconds(30)))
                    .as("bus %s idle", bus.name())
                    .isTrue();
        }
        long elapsed = System.nanoTime() - started;
        canceller.cancel(true);

        // ---- figures ----
        Map<String, FinishedJob> finished =
                dispatcher.registry().finishedJobs().stream().collect(Collectors.toMap(FinishedJob::id, job -> job));
        List<String> lost = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> orderViolations = new ArrayList<>();
        List<String> wrongEnding = new ArrayList<>();
        int releasedByDeadline = 0;
        int plannedHandlerErrors = 0;
        for (Record record : records.values()) {
            String seen = record.recorderSequence();
            int terminals = Math.max(
                    Math.max(record.terminalsAtRecorder.get(), record.terminalsAtOwner.get()),
                    record.observerFinished.get());
            if (record.terminalsAtRecorder.get() == 0
                    || record.terminalsAtOwner.get() == 0
                    || record.observerFinished.get() == 0) {
                lost.add(describe(record));
            } else if (terminals > 1) {
                duplicates.add(describe(record));
            }
            if (!record.expected.matcher(seen).matches() || !seen.equals(record.ownerSequence())) {
                orderViolations.add(describe(record));
            }
            String endingProblem = endingProblem(record, finished.get(record.id));
            if (endingProblem != null) {
                wrongEnding.add(describe(record) + ": " + endingProblem);
            }
            if (record.releasedByDeadline) {
                releasedByDeadline++;
            }
            if (record.handlerThrows && seen.startsWith("S")) {
                plannedHandlerErrors++;
            }
        }
        long handlerErrors = dispatcher.registry().handlerErrorCount();
        System.out.printf(
                "RELIABILITY: chaos seed=%d jobs=%d lost=%d duplicates=%d orderViolations=%d overlaps=%d"
                        + " wrongEndings=%d misrouted=%d ignoringJobsReleasedOnlyByDeadline=%d handlerErrors=%d/%d"
                        + " droppedEvents=%d dispatch=%.1fs elapsed=%.1fs mix=%s%n",
                seed,
                records.size(),
                lost.size(),
                duplicates.size(),
                orderViolations.size(),
                overlaps.get(),
                wrongEnding.size(),
                misrouted.get(),
                releasedByDeadline,
                handlerErrors,
                plannedHandlerErrors,
                buses.get(0).droppedEvents() + buses.get(1).droppedEvents(),
                (dispatchedAt - started) / 1e9,
                elapsed / 1e9,
                mix);

        assertThat(records).as("dispatched jobs").hasSize(JOBS);
        assertThat(lost).as("jobs without a terminal event (seed %d)", seed).isEmpty();
        assertThat(duplicates)
                .as("jobs with more than one terminal event (seed %d)", seed)
                .isEmpty();
        assertThat(orderViolations)
                .as("jobs whose events broke contract order (seed %d)", seed)
                .isEmpty();
        assertThat(wrongEnding)
                .as("jobs that ended the wrong way (seed %d)", seed)
                .isEmpty();
        assertThat(overlaps.get())
                .as("overlapping handlers of one orchestrator (seed %d)", seed)
                .isZero();
        assertThat(misrouted.get())
                .as("events routed to the wrong orchestrator or bus (seed %d)", seed)
                .isZero();
        assertThat(unknownEvents.get()).as("events about no dispatched job").isZero();
        assertThat(releasedByDeadline)
                .as("jobs ignoring interruption whose ending waited for process to return")
                .isZero();
        assertThat(handlerErrors)
                .as("handler errors recorded (isolation, contract 10)")
                .isEqualTo(plannedHandlerErrors);
        assertThat(buses.get(0).droppedEvents() + buses.get(1).droppedEvents())
                .as("dropped events")
                .isZero();
        assertThat(dispatcher.registry().tripCount())
                .as("circuit-breaker trips on the default limits: 100,000 jobs are load, not a loop")
                .isZero();
        assertThat(dispatcher.registry().runningCount()).isZero();
        for (ChaosOrchestrator orchestrator : orchestrators) {
            long own = records.values().stream()
                    .filter(r -> r.orchestrator == orchestrator.index)
                    .count();
            long sibling = records.values().stream()
                    .filter(r -> r.bus == orchestrator.index / 2 && r.orchestrator != orchestrator.index)
                    .count();
            assertThat(orchestrator.hasActiveJobs())
                    .as("%s still tracks jobs", orchestrator.name())
                    .isFalse();
            assertThat(orchestrator.getState())
                    .as("terminal hooks of %s", orchestrator.name())
                    .isEqualTo((int) own);
            assertThat(orchestrator.passiveTerminals.get())
                    .as("passive terminals of %s", orchestrator.name())
                    .isEqualTo((int) sibling);
        }
    }

    private void dispatchOne(Kind kind, int orchestrator, Random random) {
        JobOptions.Builder options = JobOptions.builder();
        int count = 0;
        String expected;
        CancellationToken token = null;
        switch (kind) {
            case SUCCESS:
                count = random.nextInt(4);
                expected = "SP{" + count + "}s";
                break;
            case FAILURE:
                expected = "Sf";
                break;
            case RETRY_THEN_SUCCESS:
                count = 1 + random.nextInt(3);
                options.retryPolicy(fixedRetries(3, Duration.ofMillis(random.nextInt(3))));
                expected = "SR{" + count + "}s";
                break;
            case RETRIES_EXHAUSTED:
                count = 1 + random.nextInt(3);
                options.retryPolicy(fixedRetries(count, Duration.ofMillis(random.nextInt(3))));
                expected = "SR{" + count + "}f";
                break;
            case THROWS_ERROR:
                options.retryPolicy(fixedRetries(3, Duration.ZERO));
                expected = "Sf";
                break;
            case TIMEOUT:
            case TIMEOUT_IGNORING_INTERRUPT:
                options.timeout(Duration.ofMillis(1 + random.nextInt(10)));
                expected = "STf";
                break;
            case TIMEOUT_DURING_RETRIES:
                options.timeout(Duration.ofMillis(10))
                        .retryPolicy(fixedRetries(1_000, Duration.ofMillis(1 + random.nextInt(4))));
                expected = "SR*Tf";
                break;
            case CANCEL_BEFORE_START:
                token = new CancellationToken();
                token.cancel();
                expected = "c";
                break;
            case CANCEL_WHILE_RUNNING:
            case CANCEL_THEN_RETURN:
                expected = "Sc";
                break;
            case CANCEL_WHILE_RUNNING_IGNORING_INTERRUPT:
                token = new CancellationToken();
                expected = "Sc";
                break;
            case CANCEL_DURING_BACKOFF:
                token = new CancellationToken();
                options.retryPolicy(fixedRetries(3, Duration.ofMinutes(1)));
                expected = "SRc";
                break;
            case CANCEL_RACING_START:
                count = random.nextInt(2);
                expected = null; // decided by what cancelJob returned
                break;
            default:
                throw new AssertionError(kind);
        }
        if (token != null) {
            options.cancellationToken(token);
        }
        String id = "job-" + orchestrator + "-" + Long.toHexString(random.nextLong()) + "-"
                + Thread.currentThread().getId();
        options.id(id);
        boolean handlerThrows =
                kind != Kind.CANCEL_BEFORE_START && kind != Kind.CANCEL_RACING_START && random.nextInt(100) == 0;
        Record record = new Record(id, kind, orchestrator, orchestrator / 2, count, handlerThrows);
        record.token = token;
        if (expected != null) {
            record.expected = pattern(expected);
        }
        if (records.putIfAbsent(id, record) != null) {
            throw new IllegalStateException("generated a duplicate id " + id);
        }
        ChaosOrchestrator owner = orchestrators.get(orchestrator);
        owner.dispatch(new ChaosJob(record, options.build()));
        if (kind == Kind.CANCEL_RACING_START) {
            boolean cancelled = owner.cancelJob(id);
            record.cancelReturned = cancelled;
            // cancelled: ended as cancelled, before or after it started; not cancelled: it had already succeeded
            record.expected = pattern(cancelled ? "c|S(P{0," + count + "})c" : "SP{" + count + "}s");
        }
    }

    private void record(BaseEvent event, int busIndex) {
        Record record = records.get(event.correlationId());
        if (record == null || record.bus != busIndex) {
            unknownEvents.incrementAndGet();
            return;
        }
        char code = code(event);
        record.recorderSaw(code);
        if (code == 'R' && record.kind == Kind.CANCEL_DURING_BACKOFF) {
            cancellations.add(record.token::cancel);
        }
        if (event instanceof JobSuccessEvent) {
            record.data = ((JobSuccessEvent) event).data();
        } else if (event instanceof JobFailureEvent) {
            record.error = ((JobFailureEvent) event).error();
        }
        if (event instanceof JobEvent && ((JobEvent) event).isTerminal()) {
            record.terminalsAtRecorder.incrementAndGet();
            terminalEvents.incrementAndGet();
            if (record.release != null) {
                record.release.countDown(); // it ended without process returning: let the stuck thread go
            }
        }
    }

    /** Null when the job ended as its kind requires (outcome, error, result, attempts), else what is wrong. */
    private static String endingProblem(Record record, FinishedJob finished) {
        if (finished == null) {
            return "not in the registry's history";
        }
        JobOutcome outcome = record.kind.outcome != null
                ? record.kind.outcome
                : Boolean.TRUE.equals(record.cancelReturned) ? JobOutcome.CANCELLED : JobOutcome.SUCCESS;
        if (finished.outcome() != outcome) {
            return "outcome " + finished.outcome() + ", expected " + outcome;
        }
        if (finished.attempts() != record.attempts.get()) {
            return "registry counts " + finished.attempts() + " attempts, process ran " + record.attempts.get();
        }
        switch (record.kind) {
            case SUCCESS:
                return record.id.equals(record.data) ? null : "result " + record.data;
            case FAILURE:
                return record.error instanceof IllegalStateException ? null : "error " + record.error;
            case RETRY_THEN_SUCCESS:
                return record.attempts.get() == record.count + 1 && record.id.equals(record.data)
                        ? null
                        : record.attempts.get() + " attempts, result " + record.data;
            case RETRIES_EXHAUSTED:
                return record.attempts.get() == record.count + 1 && record.error instanceof IllegalStateException
                        ? null
                        : record.attempts.get() + " attempts, error " + record.error;
            case THROWS_ERROR:
                return record.attempts.get() == 1 && record.error instanceof ChaosError
                        ? null
                        : record.attempts.get() + " attempts, error " + record.error;
            case TIMEOUT:
            case TIMEOUT_IGNORING_INTERRUPT:
            case TIMEOUT_DURING_RETRIES:
                return record.error instanceof TimeoutException ? null : "error " + record.error;
            case CANCEL_BEFORE_START:
                return record.attempts.get() == 0 ? null : "process ran " + record.attempts.get() + " times";
            case CANCEL_DURING_BACKOFF:
                return record.attempts.get() == 1 ? null : record.attempts.get() + " attempts";
            default:
                return null;
        }
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

    private Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }

    private static RetryPolicy fixedRetries(int maxRetries, Duration delay) {
        return RetryPolicy.custom()
                .maxRetries(maxRetries)
                .baseDelay(delay)
                .maxDelay(delay)
                .exponentialBackoff(false)
                .build();
    }

    private static String describe(Record record) {
        return record.kind + " " + record.id + " expected " + record.expected + " recorder saw '"
                + record.recorderSequence()
                + "' owner saw '" + record.ownerSequence() + "' terminals recorder/owner/observer "
                + record.terminalsAtRecorder.get() + "/" + record.terminalsAtOwner.get() + "/"
                + record.observerFinished.get()
                + " attempts " + record.attempts.get();
    }
}
