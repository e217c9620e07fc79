package dev.orchestrator.spring.observation;

import static dev.orchestrator.test.EventRecorder.DEFAULT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.cluster.JobTicket;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.fixtures.BlockingExecutor;
import dev.orchestrator.spring.fixtures.BlockingJob;
import dev.orchestrator.spring.fixtures.FailingExecutor;
import dev.orchestrator.spring.fixtures.FailingJob;
import dev.orchestrator.spring.fixtures.RecordingObservationHandler;
import dev.orchestrator.test.EventRecorder;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 5: one observation per job, from its first attempt's start to its ending, with its
 * outcome; attempts run in its scope and retries are events on it; nothing stays behind for a job
 * that ended or a dispatch that failed.
 */
class ObservationJobInterceptorTest {

    private static final String NAME = DefaultJobObservationConvention.NAME;

    private final RecordingObservationHandler handler = new RecordingObservationHandler();
    private final ObservationRegistry observations = ObservationRegistry.create();
    private final SignalBus bus =
            SignalBus.builder("global").logger(NoOpLogger.INSTANCE).build();
    private final EventRecorder events = EventRecorder.on(bus);
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private ObservationJobInterceptor interceptor;

    ObservationJobInterceptorTest() {
        observations.observationConfig().observationHandler(handler);
    }

    @AfterEach
    void shutDown() {
        dispatchers.forEach(Dispatcher::close);
        bus.close();
    }

    private Dispatcher dispatcher(int maxActiveJobs) {
        OrchestratorConfig config = OrchestratorConfig.custom()
                .logger(NoOpLogger.INSTANCE)
                .maxActiveJobs(maxActiveJobs)
                .build();
        JobRegistry registry = new JobRegistry(config);
        interceptor = new ObservationJobInterceptor(observations, registry, null);
        Dispatcher dispatcher = Dispatcher.builder()
                .config(config)
                .registry(registry)
                .defaultBus(bus)
                .interceptor(interceptor)
                .build();
        dispatcher.register(new ScopedExecutor(observations));
        dispatcher.register(new BlockingExecutor());
        dispatcher.register(new FailingExecutor());
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    private Dispatcher dispatcher() {
        return dispatcher(1000);
    }

    @Test
    void aRetriedJobIsOneObservationWhoseParentIsTheDispatchersAndInWhoseScopeEveryAttemptRuns() {
        Dispatcher dispatcher = dispatcher();
        ScopedJob job = new ScopedJob(1);
        Observation request = Observation.start("test.request", observations);

        try (Observation.Scope scope = request.openScope()) {
            dispatcher.dispatch(job);
        }
        events.awaitEvent(job.id(), JobSuccessEvent.class);
        request.stop();

        await().atMost(DEFAULT_TIMEOUT).until(() -> handler.stopped(NAME).size() == 1);
        Observation.Context observed = onlyObservation();
        assertThat(job.seenInProcess)
                .hasSize(2)
                .allSatisfy(current -> assertThat(current.getContextView()).isSameAs(observed));
        assertThat(observed.getParentObservation()).isSameAs(request);
        assertThat(observed.getContextualName()).isEqualTo("job ScopedJob");
        assertThat(handler.keysAtStart(observed))
                .as("no outcome while it runs")
                .isEqualTo(Map.of("job", "ScopedJob", "bus", "global"));
        assertThat(RecordingObservationHandler.keys(observed))
                .isEqualTo(Map.of("job", "ScopedJob", "bus", "global", "outcome", "success"));
        assertThat(observed.getHighCardinalityKeyValue("job.id").getValue()).isEqualTo(job.id());
        assertThat(observed.getError()).isNull();
        assertThat(((JobObservationContext) observed).getAttempts()).isEqualTo(2);
        assertThat(handler.events(observed)).singleElement().satisfies(event -> {
            assertThat(event.getName()).isEqualTo("retries");
            assertThat(event.getContextualName())
                    .isEqualTo("attempt 1 of 2 failed (IllegalStateException); the next starts in PT0.001S");
        });
        assertThat(handler.startThread(observed))
                .isNotEqualTo(Thread.currentThread().getName());
        assertThat(interceptor.trackedJobs()).isZero();
    }

    @Test
    void aJobDispatchedOutsideAnyObservationIsARootObservation() {
        Dispatcher dispatcher = dispatcher();
        ScopedJob job = new ScopedJob(0);

        dispatcher.dispatch(job);
        events.awaitEvent(job.id(), JobSuccessEvent.class);

        await().atMost(DEFAULT_TIMEOUT).until(() -> handler.stopped(NAME).size() == 1);
        assertThat(onlyObservation().getParentObservation()).isNull();
        assertThat(job.seenInProcess).singleElement().isNotNull();
    }

    @Test
    void aFailureEndsTheObservationWithTheLastAttemptsException() {
        Dispatcher dispatcher = dispatcher();
        FailingJob job = new FailingJob();

        dispatcher.dispatch(job);
        events.awaitEvent(job.id(), JobFailureEvent.class);

        await().atMost(DEFAULT_TIMEOUT).until(() -> handler.stopped(NAME).size() == 1);
        Observation.Context observed = onlyObservation();
        assertThat(RecordingObservationHandler.keys(observed)).containsEntry("outcome", "failure");
        assertThat(observed.getError())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(FailingExecutor.ERROR_MESSAGE);
    }

    @Test
    void aTimeoutEndsTheObservationAsTimedOut() {
        Dispatcher dispatcher = dispatcher();
        BlockingJob job = new BlockingJob(
                JobOptions.builder().timeout(Duration.ofMillis(50)).build());

        dispatcher.dispatch(job);
        events.awaitEvent(job.id(), JobFailureEvent.class);

        await().atMost(DEFAULT_TIMEOUT).until(() -> handler.stopped(NAME).size() == 1);
        Observation.Context observed = onlyObservation();
        assertThat(RecordingObservationHandler.keys(observed)).containsEntry("outcome", "timeout");
        assertThat(((JobObservationContext) observed).getAttempts()).isEqualTo(1);
    }

    @Test
    void aJobCancelledBeforeItsFirstAttemptIsObservedOnceAndItsStartHasNoOutcome() {
        Dispatcher dispatcher = dispatcher();
        CancellationToken token = new CancellationToken();
        token.cancel();
        ScopedJob job = new ScopedJob(0, JobOptions.builder().cancellationToken(token));

        dispatcher.dispatch(job);
        events.awaitEvent(job.id(), JobCancelledEvent.class);

        await().atMost(DEFAULT_TIMEOUT).until(() -> handler.stopped(NAME).size() == 1);
        Observation.Context observed = onlyObservation();
        assertThat(job.seenInProcess).isEmpty();
        assertThat(handler.keysAtStart(observed)).isEqualTo(Map.of("job", "ScopedJob", "bus", "global"));
        assertThat(RecordingObservationHandler.keys(observed)).containsEntry("outcome", "cancelled");
        assertThat(((JobObservationContext) observed).getAttempts()).isZero();
        assertThat(interceptor.trackedJobs()).isZero();
    }

    @Test
    void dispatchesThatFailLeaveNothingTracked() throws InterruptedException {
        Dispatcher dispatcher = dispatcher(1);
        BlockingJob running = new BlockingJob();
        dispatcher.dispatch(running);
        assertThat(running.started().await(5, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> dispatcher.dispatch(new ScopedJob(0)))
                    .isInstanceOf(RejectedExecutionException.class);
        }

        await().atMost(DEFAULT_TIMEOUT).until(() -> {
            System.gc();
            return interceptor.trackedJobs() == 1;
        });
        running.release();
        events.awaitEvent(running.id(), JobSuccessEvent.class);
        await().atMost(DEFAULT_TIMEOUT).until(() -> interceptor.trackedJobs() == 0);
        assertThat(handler.started(NAME)).hasSize(1);
        assertThat(handler.stopped(NAME)).hasSize(1);
    }

    @Test
    void aDuplicateIdLeavesTheRunningJobItsObservation() throws InterruptedException {
        Dispatcher dispatcher = dispatcher();
        BlockingJob running =
                new BlockingJob(JobOptions.builder().id("report-1").build());
        dispatcher.dispatch(running);
        assertThat(running.started().await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> dispatcher.dispatch(
                        new BlockingJob(JobOptions.builder().id("report-1").build())))
                .isInstanceOf(IllegalStateException.class);
        running.release();
        events.awaitEvent(running.id(), JobSuccessEvent.class);

        await().atMost(DEFAULT_TIMEOUT).until(() -> handler.stopped(NAME).size() == 1);
        assertThat(handler.started(NAME)).hasSize(1);
        assertThat(handler.stopped(NAME)).containsExactlyElementsOf(handler.started(NAME));
        assertThat(RecordingObservationHandler.keys(onlyObservation())).containsEntry("outcome", "success");
    }

    @Test
    void aJobTakenFromTheClusterRunsOutsideAnyJobObservationAndLeavesNothingTracked() {
        Dispatcher dispatcher = dispatcher();
        Dispatcher worker = dispatcher.clusterWorker(bus);
        dispatchers.add(0, worker);
        ScopedJob job = new ScopedJob(0);

        worker.execute(new JobTicket(job, "global", "instance-b", null, RetryPolicy.none(), Instant.now(), 0), 1, bus);
        events.awaitEvent(job.id(), JobSuccessEvent.class);

        assertThat(job.seenInProcess).singleElement().isNull();
        assertThat(handler.started(NAME)).isEmpty();
        await().atMost(DEFAULT_TIMEOUT).until(() -> {
            System.gc();
            return interceptor.trackedJobs() == 0;
        });
    }

    @Test
    void manyConcurrentJobsAreEachObservedOnceWithTheirOwnOutcome() {
        Dispatcher dispatcher = dispatcher();
        List<String> succeeding = new CopyOnWriteArrayList<>();
        List<String> failing = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (i % 3 == 0) {
                failing.add(dispatcher.dispatch(new FailingJob()));
            } else {
                succeeding.add(dispatcher.dispatch(new ScopedJob(i % 3 == 1 ? 1 : 0)));
            }
        }

        await().atMost(DEFAULT_TIMEOUT).until(() -> handler.stopped(NAME).size() == 200);
        assertThat(handler.started(NAME)).hasSize(200);
        for (Observation.Context observed : handler.stopped(NAME)) {
            String id = observed.getHighCardinalityKeyValue("job.id").getValue();
            String outcome = succeeding.contains(id) ? "success" : "failure";
            assertThat(failing.contains(id) || succeeding.contains(id)).isTrue();
            assertThat(RecordingObservationHandler.keys(observed))
                    .as("job %s", id)
                    .containsEntry("outcome", outcome);
        }
        assertThat(handler.stopped(NAME))
                .extracting(c -> c.getHighCardinalityKeyValue("job.id").getValue())
                .doesNotHaveDuplicates();
        assertThat(interceptor.trackedJobs()).isZero();
    }

    private Observation.Context onlyObservation() {
        List<Observation.Context> started = handler.started(NAME);
        assertThat(started).hasSize(1);
        assertThat(handler.stopped(NAME)).containsExactlyElementsOf(started);
        return started.get(0);
    }

    // ---- fixtures ----------------------------------------------------------------------------

    /** A job whose first {@code failures} attempts fail, retried after 1 ms. */
    static final class ScopedJob extends BaseJob {
        final int failures;
        final AtomicInteger attempts = new AtomicInteger();
        final List<Observation> seenInProcess = new CopyOnWriteArrayList<>();

        ScopedJob(int failures) {
            this(failures, JobOptions.builder());
        }

        ScopedJob(int failures, JobOptions.Builder options) {
            super(options.retryPolicy(RetryPolicy.custom()
                            .maxRetries(failures)
                            .baseDelay(Duration.ofMillis(1))
                            .maxDelay(Duration.ofMillis(1))
                            .build())
                    .build());
            this.failures = failures;
        }
    }

    /** Records the observation current inside {@code process}. */
    static final class ScopedExecutor extends BaseExecutor<ScopedJob> {
        private final ObservationRegistry registry;

        ScopedExecutor(ObservationRegistry registry) {
            this.registry = registry;
        }

        @Override
        protected Object process(ScopedJob job) {
            job.seenInProcess.add(registry.getCurrentObservation());
            if (job.attempts.incrementAndGet() <= job.failures) {
                throw new IllegalStateException("attempt " + job.attempts.get() + " fails");
            }
            return "scoped";
        }
    }
}
