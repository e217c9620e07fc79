package dev.orchestrator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
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
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.test.EventRecorder;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Contract points 2 and 3 under load: 10,000 jobs dispatched from 4 threads by two orchestrators
 * sharing one bus, with mixed outcomes (success, failure, retry then success, timeout, cancel
 * before start, cancel while running). Every job has exactly one terminal event, every job's events
 * arrive in contract order, and no handler of an orchestrator overlaps another of the same one.
 */
class ConcurrentJobsContractTest {

    static final int JOBS = 10_000;
    static final int THREADS = 4;

    enum Kind {
        SUCCESS,
        FAILURE,
        RETRY_THEN_SUCCESS,
        TIMEOUT,
        CANCEL_BEFORE_START,
        CANCEL_WHILE_RUNNING
    }

    /** The exact event sequence each kind must produce. */
    static final Map<Kind, List<Class<? extends JobEvent>>> EXPECTED = new EnumMap<>(Map.of(
            Kind.SUCCESS, List.of(JobStartedEvent.class, JobProgressEvent.class, JobSuccessEvent.class),
            Kind.FAILURE, List.of(JobStartedEvent.class, JobFailureEvent.class),
            Kind.RETRY_THEN_SUCCESS, List.of(JobStartedEvent.class, JobRetryingEvent.class, JobSuccessEvent.class),
            Kind.TIMEOUT, List.of(JobStartedEvent.class, JobTimeoutEvent.class, JobFailureEvent.class),
            Kind.CANCEL_BEFORE_START, List.of(JobCancelledEvent.class),
            Kind.CANCEL_WHILE_RUNNING, List.of(JobStartedEvent.class, JobCancelledEvent.class)));

    static final Map<Kind, JobOutcome> OUTCOME = new EnumMap<>(Map.of(
            Kind.SUCCESS,
            JobOutcome.SUCCESS,
            Kind.FAILURE,
            JobOutcome.FAILURE,
            Kind.RETRY_THEN_SUCCESS,
            JobOutcome.SUCCESS,
            Kind.TIMEOUT,
            JobOutcome.TIMEOUT,
            Kind.CANCEL_BEFORE_START,
            JobOutcome.CANCELLED,
            Kind.CANCEL_WHILE_RUNNING,
            JobOutcome.CANCELLED));

    static final class MixedJob extends BaseJob {
        final Kind kind;

        MixedJob(Kind kind, JobOptions options) {
            super(options);
            this.kind = kind;
        }
    }

    /** Behaves per kind; tokens of CANCEL_WHILE_RUNNING jobs go to a canceller thread. */
    static final class MixedExecutor extends BaseExecutor<MixedJob> {
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final BlockingQueue<CancellationToken> toCancel = new LinkedBlockingQueue<>();
        final CountDownLatch never = new CountDownLatch(1);

        @Override
        protected Object process(MixedJob job) throws Exception {
            int attempt = attempts.computeIfAbsent(job.id(), id -> new AtomicInteger())
                    .getAndIncrement();
            switch (job.kind) {
                case SUCCESS:
                    emitProgress(job, 0.5, "half way");
                    return job.id();
                case FAILURE:
                    throw new IllegalStateException("planned failure");
                case RETRY_THEN_SUCCESS:
                    if (attempt == 0) {
                        throw new IllegalStateException("transient failure");
                    }
                    return job.id();
                case TIMEOUT:
                case CANCEL_WHILE_RUNNING:
                    if (job.kind == Kind.CANCEL_WHILE_RUNNING) {
                        toCancel.put(job.cancellationToken().orElseThrow());
                    }
                    never.await(); // ends by interruption: the timeout or the cancel interrupts the worker
                    throw new AssertionError("never released");
                default:
                    throw new AssertionError("process must not run for " + job.kind);
            }
        }
    }

    /** Records hooks; fails the test if two hooks of this orchestrator ever overlap. */
    static final class RecordingOrchestrator extends BaseOrchestrator<Integer> {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final Map<String, AtomicInteger> activeTerminals = new ConcurrentHashMap<>();
        final AtomicInteger passiveTerminals = new AtomicInteger();
        final String label;

        RecordingOrchestrator(String label, Dispatcher dispatcher, SignalBus bus) {
            super(0, dispatcher, bus);
            this.label = label;
            start();
        }

        @Override
        public String name() {
            return label;
        }

        private void enter(Runnable body) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                body.run();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private void terminal(BaseEvent event) {
            enter(() -> {
                activeTerminals
                        .computeIfAbsent(event.correlationId(), id -> new AtomicInteger())
                        .incrementAndGet();
                emit(getState() + 1);
            });
        }

        @Override
        protected void onJobStarted(JobStartedEvent event) {
            enter(() -> {});
        }

        @Override
        protected void onProgress(JobProgressEvent event) {
            enter(() -> {});
        }

        @Override
        protected void onJobRetrying(JobRetryingEvent event) {
            enter(() -> {});
        }

        @Override
        protected void onActiveTimeout(JobTimeoutEvent event) {
            enter(() -> {});
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            terminal(event);
        }

        @Override
        protected void onActiveFailure(JobFailureEvent event) {
            terminal(event);
        }

        @Override
        protected void onActiveCancelled(JobCancelledEvent event) {
            terminal(event);
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            enter(() -> {
                if (event instanceof JobEvent && ((JobEvent) event).isTerminal()) {
                    passiveTerminals.incrementAndGet();
                }
            });
        }
    }

    private final ExecutorService dispatchers = Executors.newFixedThreadPool(THREADS + 1);
    private Dispatcher dispatcher;
    private SignalBus bus;

    @AfterEach
    void tearDown() {
        dispatchers.shutdownNow();
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void tenThousandMixedJobsFromFourThreadsEachEndExactlyOnceInContractOrder() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ConcurrentJobsContractTest seed=" + seed);
        OrchestratorConfig config = OrchestratorConfig.custom()
                .logger(NoOpLogger.INSTANCE)
                .maxEventsPerSecond(Integer.MAX_VALUE) // this test is about order, not loop protection
                .executionPoolSize(8)
                .executionQueueCapacity(JOBS * 2)
                .historyMaxSize(JOBS)
                .build();
        dispatcher = new Dispatcher(config);
        MixedExecutor executor = new MixedExecutor();
        dispatcher.register(executor);
        bus = SignalBus.builder("contract")
                .subscriberCapacity(JOBS * 10)
                .logger(NoOpLogger.INSTANCE)
                .build();

        EventRecorder events = EventRecorder.on(bus).within(Duration.ofSeconds(60));
        RecordingOrchestrator left = new RecordingOrchestrator("left", dispatcher, bus);
        RecordingOrchestrator right = new RecordingOrchestrator("right", dispatcher, bus);

        Future<?> canceller = dispatchers.submit(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    executor.toCancel.take().cancel();
                }
            } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
            }
        });

        Map<String, Kind> kinds = new ConcurrentHashMap<>();
        Map<String, RecordingOrchestrator> owners = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<?>> producers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(seed + t);
            RecordingOrchestrator owner = t % 2 == 0 ? left : right;
            producers.add(dispatchers.submit(() -> {
                start.await();
                for (int i = 0; i < JOBS / THREADS; i++) {
                    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                    MixedJob job = newJob(kind);
                    kinds.put(job.id(), kind);
                    owners.put(job.id(), owner);
                    owner.dispatch(job);
                }
                return null;
            }));
        }
        for (Future<?> producer : producers) {
            producer.get(30, TimeUnit.SECONDS);
        }

        kinds.keySet().forEach(events::awaitEnding);
        await().atMost(Duration.ofSeconds(10)).until(() -> !left.hasActiveJobs() && !right.hasActiveJobs());
        canceller.cancel(true);

        assertThat(kinds).hasSize(JOBS);
        assertThat(events.events().stream().map(BaseEvent::correlationId).distinct())
                .containsExactlyInAnyOrderElementsOf(kinds.keySet());
        for (Map.Entry<String, Kind> job : kinds.entrySet()) {
            assertThat(events.typesOf(job.getKey()))
                    .as("events of %s job %s", job.getValue(), job.getKey())
                    .containsExactlyElementsOf(EXPECTED.get(job.getValue()));
        }

        kinds.forEach((id, kind) -> {
            if (kind == Kind.TIMEOUT) {
                assertThat(events.eventsOf(id, JobFailureEvent.class))
                        .singleElement()
                        .extracting(JobFailureEvent::error, THROWABLE)
                        .as("error of timed-out job %s", id)
                        .isInstanceOf(TimeoutException.class);
            } else if (kind == Kind.FAILURE) {
                assertThat(events.eventsOf(id, JobFailureEvent.class))
                        .singleElement()
                        .extracting(JobFailureEvent::error, THROWABLE)
                        .as("error of failed job %s", id)
                        .hasMessage("planned failure");
            }
        });

        Map<String, FinishedJob> finished = dispatcher.registry().finishedJobs().stream()
                .collect(Collectors.toMap(FinishedJob::id, Function.identity()));
        assertThat(finished).hasSize(JOBS);
        kinds.forEach((id, kind) ->
                assertThat(finished.get(id).outcome()).as("outcome of %s", id).isEqualTo(OUTCOME.get(kind)));
        assertThat(dispatcher.registry().runningCount()).isZero();

        for (RecordingOrchestrator orchestrator : List.of(left, right)) {
            long own = owners.values().stream().filter(o -> o == orchestrator).count();
            assertThat(orchestrator.maxInFlight.get())
                    .as("overlapping handlers in %s", orchestrator.name())
                    .isEqualTo(1);
            assertThat(orchestrator.activeTerminals).hasSize((int) own);
            assertThat(orchestrator.activeTerminals.values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(orchestrator.passiveTerminals.get()).isEqualTo(JOBS - own);
            assertThat(orchestrator.getState()).isEqualTo((int) own);
        }
        assertThat(bus.droppedEvents()).isZero();
        executor.attempts.forEach((id, count) -> {
            Kind kind = kinds.get(id);
            assertThat(count.get())
                    .as("attempts of %s job %s", kind, id)
                    .isEqualTo(kind == Kind.RETRY_THEN_SUCCESS ? 2 : 1);
        });
        assertThat(executor.attempts.keySet())
                .doesNotContainAnyElementsOf(kinds.entrySet().stream()
                        .filter(e -> e.getValue() == Kind.CANCEL_BEFORE_START)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toList()));
    }

    private static MixedJob newJob(Kind kind) {
        JobOptions.Builder options = JobOptions.builder();
        switch (kind) {
            case RETRY_THEN_SUCCESS:
                options.retryPolicy(RetryPolicy.custom()
                        .maxRetries(2)
                        .baseDelay(Duration.ofMillis(1))
                        .build());
                break;
            case TIMEOUT:
                options.timeout(Duration.ofMillis(5));
                break;
            case CANCEL_BEFORE_START:
                CancellationToken cancelled = new CancellationToken();
                cancelled.cancel();
                options.cancellationToken(cancelled);
                break;
            case CANCEL_WHILE_RUNNING:
                options.cancellationToken(new CancellationToken());
                break;
            default:
                break;
        }
        return new MixedJob(kind, options.build());
    }
}
