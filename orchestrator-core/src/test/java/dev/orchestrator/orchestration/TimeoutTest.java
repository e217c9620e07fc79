package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.config.JobDefaults;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.orchestration.JobFixtures.TrackingExecutor;
import dev.orchestrator.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Pins timeout and contract point 5: the timeout bounds the whole job, retries and backoff included. */
class TimeoutTest extends JobTestBase {

    private static JobOptions timeout(Duration timeout) {
        return JobOptions.builder().timeout(timeout).build();
    }

    @Test
    void blockedProcessTimesOutWithTimeoutThenFailureAndItsWorkerIsInterrupted() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob job = new TestJob(timeout(Duration.ofMillis(50)), (j, e) -> blocker.block("late"));

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobTimeoutEvent.class, JobFailureEvent.class);
        assertThat(recorder.eventsOf(job.id(), JobTimeoutEvent.class).get(0).timeout())
                .isEqualTo(Duration.ofMillis(50));
        assertThat(failure.error()).isInstanceOf(TimeoutException.class).hasMessageContaining(job.id());
        assertThat(failure.wasRetried()).isFalse();
        blocker.awaitExited();
        assertThat(blocker.interrupted).isTrue();
        assertThat(blocker.release.getCount()).as("never released by the test").isEqualTo(1);
        assertThat(dispatcher.registry().finished(job.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.TIMEOUT);
            assertThat(finished.error())
                    .hasValueSatisfying(summary -> assertThat(summary).contains("TimeoutException"));
        });
    }

    @Test
    void timeoutCoversRetries() {
        Dispatcher dispatcher = dispatcher();
        RetryPolicy quickRetries = RetryPolicy.custom()
                .maxRetries(1_000_000)
                .baseDelay(Duration.ofMillis(1))
                .exponentialBackoff(false)
                .build();
        // Each attempt fails at once, so only a timer over the whole job can ever end it.
        TestJob job = new TestJob(
                JobOptions.builder()
                        .timeout(Duration.ofMillis(300))
                        .retryPolicy(quickRetries)
                        .build(),
                (j, e) -> {
                    throw new IOException("always");
                });

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.error()).isInstanceOf(TimeoutException.class);
        assertThat(failure.wasRetried()).isTrue();
        assertThat(recorder.eventsOf(job.id(), JobTimeoutEvent.class)).hasSize(1);
        assertThat(recorder.eventsOf(job.id(), JobRetryingEvent.class)).isNotEmpty();
    }

    @Test
    void timeoutExpiringDuringABackoffWaitEndsTheJobAndNoFurtherAttemptRuns() {
        Dispatcher dispatcher = dispatcher(config -> config.executionPoolSize(1));
        RetryPolicy slowRetry = RetryPolicy.custom()
                .maxRetries(1)
                .baseDelay(Duration.ofMillis(300))
                .build();
        TestJob job = new TestJob(
                JobOptions.builder()
                        .timeout(Duration.ofMillis(50))
                        .retryPolicy(slowRetry)
                        .build(),
                (j, e) -> {
                    throw new IOException("first attempt fails");
                });

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(
                        JobStartedEvent.class, JobRetryingEvent.class, JobTimeoutEvent.class, JobFailureEvent.class);
        assertThat(failure.error()).isInstanceOf(TimeoutException.class);
        assertThat(failure.attempts()).as("the retry never ran").isEqualTo(1);
        assertThat(failure.wasRetried()).isFalse();

        // A control job with the same backoff, started later on the same single worker: once its
        // retry has run, the timed-out job's retry would have run before it.
        TestJob control =
                new TestJob(JobOptions.builder().retryPolicy(slowRetry).build(), (j, e) -> {
                    if (j.calls.get() == 1) {
                        throw new IOException("control fails once");
                    }
                    return "control";
                });
        dispatcher.dispatch(control, bus);
        assertEndedOnceWith(control.id(), JobSuccessEvent.class);
        assertThat(job.calls).hasValue(1);
        assertEndedOnceWith(job.id(), JobFailureEvent.class);
    }

    @Test
    void processIgnoringInterruptionTimesOutPromptlyAndItsLateResultIsNeverEmitted() throws Exception {
        TrackingExecutor workers = workers(2);
        Dispatcher dispatcher = dispatcher(workers);
        Blocker blocker = blocker();
        TestJob job =
                new TestJob(timeout(Duration.ofMillis(50)), (j, e) -> blocker.blockIgnoringInterrupts("late result"));

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = recorder.awaitEvent(job.id(), JobFailureEvent.class, JobFixtures.PROMPTLY);
        assertThat(blocker.isStillBlocked()).as("process is still running").isTrue();
        assertThat(failure.error()).isInstanceOf(TimeoutException.class);
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobTimeoutEvent.class, JobFailureEvent.class);
        eventually().atMost(JobFixtures.PROMPTLY).untilTrue(blocker.interrupted);
        assertThat(dispatcher.isRunning(job.id())).isFalse();

        blocker.release();
        blocker.awaitExited();
        workers.awaitIdle();
        assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(recorder.eventsOf(job.id(), JobSuccessEvent.class)).isEmpty();
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobTimeoutEvent.class, JobFailureEvent.class);
    }

    @Test
    void timeoutFromJobDefaultsAppliesWhenTheJobHasNone() throws Exception {
        Dispatcher dispatcher =
                dispatcher(config -> config.jobDefaults(TestJob.class, JobDefaults.of(Duration.ofMillis(40), null)));
        Blocker blocker = blocker();
        TestJob job = new TestJob((j, e) -> blocker.block("late"));

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.error()).isInstanceOf(TimeoutException.class);
        assertThat(recorder.eventsOf(job.id(), JobTimeoutEvent.class))
                .singleElement()
                .satisfies(timeout -> assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(40)));
    }

    @Test
    void jobsOwnTimeoutWinsOverTheDefault() throws Exception {
        Dispatcher dispatcher =
                dispatcher(config -> config.jobDefaults(TestJob.class, JobDefaults.of(Duration.ofHours(1), null)));
        Blocker blocker = blocker();
        TestJob job = new TestJob(timeout(Duration.ofMillis(40)), (j, e) -> blocker.block("late"));

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(recorder.eventsOf(job.id(), JobTimeoutEvent.class))
                .singleElement()
                .satisfies(timeout -> assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(40)));
    }

    @Test
    void jobFinishingBeforeItsTimeoutSucceedsWithoutTimeoutEvent() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob(timeout(Duration.ofSeconds(30)), (j, e) -> "in time");

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class, JobSuccessEvent.class);
    }
}
