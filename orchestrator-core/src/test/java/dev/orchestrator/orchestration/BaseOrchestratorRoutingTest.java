package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.ACTIVE_EVENT;
import static dev.orchestrator.orchestration.OrchestrationFixtures.CANCELLED;
import static dev.orchestrator.orchestration.OrchestrationFixtures.FAILURE;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PASSIVE;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PROGRESS;
import static dev.orchestrator.orchestration.OrchestrationFixtures.RETRYING;
import static dev.orchestrator.orchestration.OrchestrationFixtures.STARTED;
import static dev.orchestrator.orchestration.OrchestrationFixtures.SUCCESS;
import static dev.orchestrator.orchestration.OrchestrationFixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.ItemAddedEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.UserLoggedInEvent;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.test.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins the active/passive routing of {@link BaseOrchestrator} to its hooks (DESIGN "Core concepts", contract points 2 and 3). */
class BaseOrchestratorRoutingTest {

    private final CountDownLatch blocker = new CountDownLatch(1);
    private SignalBus bus;
    private EventRecorder events;
    private Dispatcher dispatcher;
    private RecordingOrchestrator owner;
    private RecordingOrchestrator other;

    @BeforeEach
    void setUp() {
        bus = OrchestrationFixtures.quietBus("test-routing");
        events = EventRecorder.on(bus);
        OrchestratorConfig config =
                OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build();
        dispatcher = OrchestrationFixtures.dispatcher(config, bus);
        owner = new RecordingOrchestrator("owner", dispatcher, bus);
        other = new RecordingOrchestrator("other", dispatcher, bus);
    }

    @AfterEach
    void tearDown() {
        blocker.countDown();
        owner.close();
        other.close();
        dispatcher.close();
        bus.close();
    }

    private List<String> awaitHooks(RecordingOrchestrator orchestrator, String jobId, String lastHook) {
        eventually().until(() -> orchestrator.hooksFor(jobId).contains(lastHook));
        return orchestrator.hooksFor(jobId);
    }

    private <E extends BaseEvent> E onlyEvent(
            RecordingOrchestrator orchestrator, String hook, String jobId, Class<E> type) {
        List<BaseEvent> events = orchestrator.eventsIn(hook).stream()
                .filter(e -> e.correlationId().equals(jobId))
                .collect(Collectors.toList());
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).isInstanceOf(type);
        return type.cast(events.get(0));
    }

    @Test
    void successfulJobEventsGoToStartedProgressActiveEventAndSuccessHooksInOrder() {
        String id = owner.dispatch(new ScriptedJob((executor, job) -> {
            executor.progress(job, 0.5);
            executor.domain(job, new ItemAddedEvent(job.id()));
            return "done";
        }));

        assertThat(awaitHooks(owner, id, SUCCESS)).containsExactly(STARTED, PROGRESS, ACTIVE_EVENT, SUCCESS);
        onlyEvent(owner, STARTED, id, JobStartedEvent.class);
        assertThat(onlyEvent(owner, PROGRESS, id, JobProgressEvent.class).progress())
                .isEqualTo(0.5);
        onlyEvent(owner, ACTIVE_EVENT, id, ItemAddedEvent.class);
        assertThat(onlyEvent(owner, SUCCESS, id, JobSuccessEvent.class).data()).isEqualTo("done");
    }

    @Test
    void retriedJobEventsGoToOnJobRetryingBeforeSuccess() {
        AtomicInteger attempts = new AtomicInteger();
        RetryPolicy retry = RetryPolicy.custom()
                .maxRetries(2)
                .baseDelay(Duration.ofMillis(1))
                .build();
        String id = owner.dispatch(
                new ScriptedJob(JobOptions.builder().retryPolicy(retry).build(), (executor, job) -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("flaky");
                    }
                    return "second time lucky";
                }));

        assertThat(awaitHooks(owner, id, SUCCESS)).containsExactly(STARTED, RETRYING, SUCCESS);
        JobRetryingEvent retrying = onlyEvent(owner, RETRYING, id, JobRetryingEvent.class);
        assertThat(retrying.attempt()).isEqualTo(1);
        assertThat(retrying.lastError()).hasMessage("flaky");
    }

    @Test
    void timedOutJobEventsGoToOnActiveTimeoutThenOnActiveFailure() {
        JobOptions options = JobOptions.builder().timeout(Duration.ofMillis(50)).build();
        String id = owner.dispatch(new ScriptedJob(options, (executor, job) -> {
            blocker.await();
            return "never";
        }));

        assertThat(awaitHooks(owner, id, FAILURE)).containsExactly(STARTED, TIMEOUT, FAILURE);
        assertThat(onlyEvent(owner, TIMEOUT, id, JobTimeoutEvent.class).timeout())
                .isEqualTo(Duration.ofMillis(50));
        assertThat(onlyEvent(owner, FAILURE, id, JobFailureEvent.class).error()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void failedJobEventsGoToOnActiveFailure() {
        String id = owner.dispatch(new ScriptedJob((executor, job) -> {
            throw new IllegalArgumentException("boom");
        }));

        assertThat(awaitHooks(owner, id, FAILURE)).containsExactly(STARTED, FAILURE);
        assertThat(onlyEvent(owner, FAILURE, id, JobFailureEvent.class).error()).hasMessage("boom");
    }

    @Test
    void cancelledJobEventsGoToOnActiveCancelled() {
        String id = owner.dispatch(new ScriptedJob((executor, job) -> {
            blocker.await();
            return "never";
        }));
        awaitHooks(owner, id, STARTED);

        assertThat(owner.cancelJob(id)).isTrue();

        assertThat(awaitHooks(owner, id, CANCELLED)).containsExactly(STARTED, CANCELLED);
        onlyEvent(owner, CANCELLED, id, JobCancelledEvent.class);
    }

    @Test
    void eventsOfAJobDispatchedByAnotherOrchestratorOnTheSameBusArePassive() {
        String id = other.dispatch(new ScriptedJob((executor, job) -> {
            executor.progress(job, 0.5);
            executor.domain(job, new ItemAddedEvent(job.id()));
            return "done";
        }));
        assertThat(awaitHooks(other, id, SUCCESS)).containsExactly(STARTED, PROGRESS, ACTIVE_EVENT, SUCCESS);
        events.awaitBusIdle();

        assertThat(owner.hooksFor(id)).containsExactly(PASSIVE, PASSIVE, PASSIVE, PASSIVE);
        assertThat(owner.eventsIn(PASSIVE).stream()
                        .filter(e -> e.correlationId().equals(id))
                        .map(Object::getClass))
                .containsExactly(
                        JobStartedEvent.class, JobProgressEvent.class, ItemAddedEvent.class, JobSuccessEvent.class);
        assertThat(owner.isJobRunning(id)).isFalse();
    }

    @Test
    void domainEventsWithUnrelatedCorrelationIdsArePassiveEvenWhileOwnJobsRun() throws InterruptedException {
        CountDownLatch emitted = new CountDownLatch(1);
        String id = owner.dispatch(new ScriptedJob((executor, job) -> {
            executor.domain(job, new ItemAddedEvent("cart-42"));
            emitted.countDown();
            blocker.await();
            return "done";
        }));
        assertThat(emitted.await(5, TimeUnit.SECONDS)).isTrue();
        UserLoggedInEvent login = new UserLoggedInEvent("user-7");
        bus.emit(login);
        events.awaitBusIdle();

        assertThat(owner.hooksFor("cart-42")).containsExactly(PASSIVE);
        assertThat(owner.hooksFor("user-7")).containsExactly(PASSIVE);
        assertThat(owner.eventsIn(PASSIVE)).contains(login);
        assertThat(other.hooksFor("user-7")).containsExactly(PASSIVE);
        assertThat(owner.hooksFor(id)).containsExactly(STARTED);
        assertThat(owner.isJobRunning(id)).isTrue();
    }

    @Test
    void jobIsNoLongerRunningInsideTheTerminalHook() {
        Map<String, Boolean> runningInHook = new ConcurrentHashMap<>();
        Map<String, Boolean> activeJobsInHook = new ConcurrentHashMap<>();
        owner.reaction = call -> {
            if (call.hook().equals(SUCCESS)
                    || call.hook().equals(FAILURE)
                    || call.hook().equals(CANCELLED)) {
                String jobId = call.event().correlationId();
                runningInHook.put(jobId, owner.isJobRunning(jobId));
                activeJobsInHook.put(jobId, owner.hasActiveJobs());
            }
            if (call.hook().equals(STARTED)) {
                runningInHook.put(
                        "started:" + call.event().correlationId(),
                        owner.isJobRunning(call.event().correlationId()));
            }
        };

        String succeeded = owner.dispatch(new ScriptedJob((executor, job) -> "ok"));
        awaitHooks(owner, succeeded, SUCCESS);
        String failed = owner.dispatch(new ScriptedJob((executor, job) -> {
            throw new IllegalStateException("no");
        }));
        awaitHooks(owner, failed, FAILURE);

        assertThat(runningInHook)
                .containsEntry("started:" + succeeded, true)
                .containsEntry(succeeded, false)
                .containsEntry("started:" + failed, true)
                .containsEntry(failed, false);
        assertThat(activeJobsInHook).containsEntry(succeeded, false).containsEntry(failed, false);
    }

    @Test
    void eventsWithTheIdOfAnEndedJobArePassive() {
        String id = owner.dispatch(new ScriptedJob((executor, job) -> "ok"));
        awaitHooks(owner, id, SUCCESS);

        ItemAddedEvent late = new ItemAddedEvent(id);
        bus.emit(late);
        events.awaitBusIdle();

        assertThat(owner.hooksFor(id)).containsExactly(STARTED, SUCCESS, PASSIVE);
        assertThat(owner.eventsIn(PASSIVE)).contains(late);
        assertThat(owner.getJobProgress(id)).isEmpty();
        assertThat(owner.isJobRunning(id)).isFalse();
    }
}
