package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.CANCELLED;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PROGRESS;
import static dev.orchestrator.orchestration.OrchestrationFixtures.STARTED;
import static dev.orchestrator.orchestration.OrchestrationFixtures.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.FetchUserJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.LogoutJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.UnregisteredJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.UserLoggedInEvent;
import dev.orchestrator.test.EventRecorder;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins job tracking and close() of {@link BaseOrchestrator} ("preventing UI race conditions", contract points 4 and 11). */
class BaseOrchestratorJobTrackingTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private SignalBus bus;
    private Dispatcher dispatcher;
    private RecordingOrchestrator owner;
    private RecordingOrchestrator other;

    @BeforeEach
    void setUp() {
        bus = OrchestrationFixtures.quietBus("test-tracking");
        dispatcher = OrchestrationFixtures.dispatcher(
                OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build(), bus);
        owner = new RecordingOrchestrator("owner", dispatcher, bus);
        other = new RecordingOrchestrator("other", dispatcher, bus);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        owner.close();
        other.close();
        dispatcher.close();
        bus.close();
    }

    private ScriptedJob blockedJob() {
        return new ScriptedJob((executor, job) -> {
            release.await();
            return "done";
        });
    }

    private static void awaitHook(RecordingOrchestrator orchestrator, String jobId, String hook) {
        eventually().until(() -> orchestrator.hooksFor(jobId).contains(hook));
    }

    private FinishedJob awaitFinished(String jobId) {
        eventually().until(() -> dispatcher.registry().finished(jobId).isPresent());
        return dispatcher.registry().finished(jobId).orElseThrow();
    }

    @Test
    void dispatchReturnsTheJobIdAndTracksTheJobAtOnceOnTheOrchestratorsBus() {
        ScriptedJob job = blockedJob();

        String id = owner.dispatch(job);

        assertThat(id).isEqualTo(job.id());
        assertThat(dispatcher.registry().running(id).orElseThrow().bus()).isEqualTo(bus.name());
        assertThat(owner.isJobRunning(id)).isTrue();
        assertThat(owner.hasActiveJobs()).isTrue();
        assertThat(owner.getJobProgress(id)).isEqualTo(OptionalDouble.of(0.0));
        assertThat(other.isJobRunning(id)).isFalse();
        assertThat(other.hasActiveJobs()).isFalse();
    }

    @Test
    void getJobProgressIsZeroBeforeProgressThenTheLastValueThenEmptyWhenFinished() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch firstSeen = new CountDownLatch(1);
        CountDownLatch secondSeen = new CountDownLatch(1);
        String id = owner.dispatch(new ScriptedJob((executor, job) -> {
            gate.await();
            executor.progress(job, 0.25);
            firstSeen.await();
            executor.progress(job, 0.75);
            secondSeen.await();
            return "done";
        }));
        eventually().until(() -> owner.hooksFor(id).contains(STARTED));
        assertThat(owner.getJobProgress(id)).isEqualTo(OptionalDouble.of(0.0));

        gate.countDown();
        eventually().until(() -> owner.hooksFor(id).contains(PROGRESS));
        assertThat(owner.getJobProgress(id)).isEqualTo(OptionalDouble.of(0.25));
        firstSeen.countDown();
        eventually().until(() -> owner.eventsIn(PROGRESS).size() == 2);
        assertThat(owner.getJobProgress(id)).isEqualTo(OptionalDouble.of(0.75));
        assertThat(other.getJobProgress(id)).isEmpty();

        secondSeen.countDown();
        awaitHook(owner, id, SUCCESS);
        assertThat(owner.getJobProgress(id)).isEmpty();
    }

    @Test
    void getJobProgressAndIsJobRunningAreEmptyOrFalseForUnknownAndNullIds() {
        assertThat(owner.getJobProgress("no-such-job")).isEmpty();
        assertThat(owner.getJobProgress(null)).isEmpty();
        assertThat(owner.isJobRunning("no-such-job")).isFalse();
        assertThat(owner.isJobRunning(null)).isFalse();
    }

    @Test
    void isJobTypeRunningPreventsUiRaceConditionsAsInSeedFiveSeven() {
        CountDownLatch fetchRelease = new CountDownLatch(1);
        CountDownLatch logoutRelease = new CountDownLatch(1);
        assertThat(owner.isJobTypeRunning(FetchUserJob.class)).isFalse();

        String fetch = owner.dispatch(new FetchUserJob((executor, job) -> {
            fetchRelease.await();
            return "user";
        }));
        assertThat(owner.isJobTypeRunning(FetchUserJob.class) && !owner.isJobTypeRunning(LogoutJob.class))
                .isTrue();
        assertThat(owner.isJobTypeRunning(ScriptedJob.class)).as("supertype").isTrue();
        assertThat(owner.isJobTypeRunning(BaseJob.class)).as("root type").isTrue();
        assertThat(other.isJobTypeRunning(FetchUserJob.class))
                .as("another orchestrator's view")
                .isFalse();

        String logout = owner.dispatch(new LogoutJob((executor, job) -> {
            logoutRelease.await();
            return "bye";
        }));
        assertThat(owner.isJobTypeRunning(FetchUserJob.class) && !owner.isJobTypeRunning(LogoutJob.class))
                .isFalse();

        fetchRelease.countDown();
        awaitHook(owner, fetch, SUCCESS);
        assertThat(owner.isJobTypeRunning(FetchUserJob.class)).isFalse();
        assertThat(owner.isJobTypeRunning(LogoutJob.class)).isTrue();
        assertThat(owner.isJobTypeRunning(ScriptedJob.class)).isTrue();

        logoutRelease.countDown();
        awaitHook(owner, logout, SUCCESS);
        assertThat(owner.isJobTypeRunning(LogoutJob.class)).isFalse();
        assertThat(owner.isJobTypeRunning(BaseJob.class)).isFalse();
        assertThat(owner.hasActiveJobs()).isFalse();
    }

    @Test
    void isJobTypeRunningRejectsNullNamingTheParameter() {
        assertThatThrownBy(() -> owner.isJobTypeRunning(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("jobType");
    }

    @Test
    void cancelJobCancelsOwnRunningJobOnce() {
        String id = owner.dispatch(blockedJob());
        awaitHook(owner, id, STARTED);

        assertThat(owner.cancelJob(id)).isTrue();
        assertThat(owner.cancelJob(id)).as("already cancelled").isFalse();

        awaitHook(owner, id, CANCELLED);
        assertThat(owner.isJobRunning(id)).isFalse();
        assertThat(owner.hasActiveJobs()).isFalse();
        assertThat(owner.cancelJob(id)).as("ended").isFalse();
        assertThat(awaitFinished(id).outcome()).isEqualTo(JobOutcome.CANCELLED);
    }

    @Test
    void cancelJobOfAnotherOrchestratorsJobReturnsFalseAndLeavesItRunning() {
        String id = other.dispatch(blockedJob());
        awaitHook(other, id, STARTED);

        assertThat(owner.cancelJob(id)).isFalse();

        assertThat(dispatcher.isRunning(id)).isTrue();
        assertThat(other.isJobRunning(id)).isTrue();
        release.countDown();
        awaitHook(other, id, SUCCESS);
        assertThat(awaitFinished(id).outcome()).isEqualTo(JobOutcome.SUCCESS);
    }

    @Test
    void cancelJobOfAnUnknownOrNullIdReturnsFalse() {
        assertThat(owner.cancelJob("no-such-job")).isFalse();
        assertThat(owner.cancelJob(null)).isFalse();
    }

    @Test
    void dispatchOfAnUnknownJobTypeThrowsAndLeavesNothingTracked() {
        UnregisteredJob job = new UnregisteredJob();

        assertThatThrownBy(() -> owner.dispatch(job))
                .isInstanceOf(ExecutorNotFoundException.class)
                .hasMessageContaining(UnregisteredJob.class.getName());

        assertThat(owner.hasActiveJobs()).isFalse();
        assertThat(owner.isJobRunning(job.id())).isFalse();
        assertThat(owner.isJobTypeRunning(UnregisteredJob.class)).isFalse();
        assertThat(owner.getJobProgress(job.id())).isEmpty();
        assertThat(dispatcher.registry().runningCount()).isZero();
        assertThat(dispatcher.registry().running(job.id())).isEmpty();
    }

    @Test
    void dispatchRejectsNullNamingTheParameter() {
        assertThatThrownBy(() -> owner.dispatch(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("job");
        assertThat(owner.hasActiveJobs()).isFalse();
    }

    @Test
    void dispatchingTheSameJobInstanceAgainFailsAndKeepsTheFirstDispatchTracked() {
        ScriptedJob job = blockedJob();
        String id = owner.dispatch(job);

        assertThatThrownBy(() -> owner.dispatch(job)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> other.dispatch(job)).isInstanceOf(IllegalStateException.class);
        assertThat(owner.isJobRunning(id)).isTrue();
        assertThat(other.isJobRunning(id)).isFalse();

        release.countDown();
        awaitHook(owner, id, SUCCESS);
        assertThatThrownBy(() -> owner.dispatch(job)).isInstanceOf(IllegalStateException.class);
        assertThat(owner.hasActiveJobs()).isFalse();
    }

    @Test
    void closeUnsubscribesAndStopsTrackingButDoesNotCancelRunningJobs() {
        EventRecorder witness = EventRecorder.on(bus);
        String id = owner.dispatch(blockedJob());
        awaitHook(owner, id, STARTED);
        int subscribers = bus.subscriberCount();
        int callsBeforeClose = owner.calls.size();

        owner.close();

        assertThat(owner.isClosed()).isTrue();
        assertThat(bus.subscriberCount()).isEqualTo(subscribers - 1);
        assertThat(owner.hasActiveJobs()).isFalse();
        assertThat(owner.isJobRunning(id)).isFalse();
        assertThat(owner.isJobTypeRunning(ScriptedJob.class)).isFalse();
        assertThat(owner.getJobProgress(id)).isEmpty();
        assertThat(owner.cancelJob(id))
                .as("no longer tracked, so not cancelled")
                .isFalse();
        assertThat(dispatcher.isRunning(id)).as("close() cancels nothing").isTrue();

        release.countDown();
        assertThat(awaitFinished(id).outcome()).isEqualTo(JobOutcome.SUCCESS);
        // the registry records a job as finished just before its terminal event is emitted: wait for the event
        witness.awaitEnding(id);
        bus.emit(new UserLoggedInEvent("after-close"));
        witness.flush();

        assertThat(witness.eventsOf(id)).last().isInstanceOf(JobSuccessEvent.class);
        assertThat(owner.calls).hasSize(callsBeforeClose);
        witness.close();
    }

    @Test
    void dispatchAfterCloseThrowsIllegalStateExceptionAndRunsNothing() {
        owner.close();
        ScriptedJob job = blockedJob();

        assertThatThrownBy(() -> owner.dispatch(job))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");

        assertThat(dispatcher.registry().running(job.id())).isEmpty();
        assertThat(dispatcher.isRunning(job.id())).isFalse();
        assertThat(dispatcher.registry().runningCount()).isZero();
        assertThat(owner.hasActiveJobs()).isFalse();
    }

    @Test
    void closeIsIdempotent() {
        int subscribers = bus.subscriberCount();

        owner.close();
        owner.close();

        assertThat(owner.isClosed()).isTrue();
        assertThat(bus.subscriberCount()).isEqualTo(subscribers - 1);
    }
}
