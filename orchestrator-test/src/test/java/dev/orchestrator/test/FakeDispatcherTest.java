package dev.orchestrator.test;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** An orchestrator tested without its executor: the fake dispatcher decides how each job goes. */
class FakeDispatcherTest {

    static final class UploadJob extends BaseJob {
        UploadJob(JobOptions options) {
            super(options);
        }
    }

    static final class OtherJob extends BaseJob {}

    /** Shows what its upload is doing. */
    static final class UploadOrchestrator extends BaseOrchestrator<String> {
        UploadOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super("idle", dispatcher, bus);
            start();
        }

        String upload(JobOptions options) {
            return dispatch(new UploadJob(options));
        }

        @Override
        protected void onProgress(JobProgressEvent event) {
            emit("uploading " + Math.round(event.progress() * 100) + "%");
        }

        @Override
        protected void onJobRetrying(JobRetryingEvent event) {
            emit("retrying in " + event.delayBeforeRetry().toSeconds() + " s");
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            emit("stored as " + event.dataAs(String.class).orElse("?"));
        }

        @Override
        protected void onActiveFailure(JobFailureEvent event) {
            emit("failed: " + event.error().getMessage());
        }

        @Override
        protected void onActiveCancelled(JobCancelledEvent event) {
            emit("cancelled");
        }

        @Override
        protected void onActiveTimeout(JobTimeoutEvent event) {
            emit("timed out");
        }
    }

    private final SignalBus bus = SignalBus.scoped("fake-test");
    private final FakeDispatcher fake = new FakeDispatcher(bus).handle(UploadJob.class);
    private final EventRecorder events = EventRecorder.on(bus);

    @AfterEach
    void tearDown() {
        events.close();
        fake.close();
        bus.close();
    }

    private static JobOptions options() {
        return JobOptions.builder()
                .timeout(Duration.ofMinutes(2))
                .retryPolicy(RetryPolicy.custom()
                        .maxRetries(1)
                        .baseDelay(Duration.ofSeconds(5))
                        .build())
                .build();
    }

    @RepeatedTest(5)
    void progressThenSuccessReachTheOrchestratorAsRealEvents() {
        OrchestratorHarness.of(() -> new UploadOrchestrator(fake.dispatcher(), bus))
                .act(uploads -> {
                    uploads.upload(options());
                    UploadJob job = fake.awaitDispatched(UploadJob.class);
                    fake.progress(job, 0.5, "half way");
                    fake.succeed(job, "a.txt");
                })
                .expectStates("uploading 50%", "stored as a.txt")
                .verify(uploads -> assertThat(uploads.hasActiveJobs()).isFalse())
                .run();

        UploadJob job = fake.dispatched(UploadJob.class).get(0);
        assertThat(job)
                .isOfType(UploadJob.class)
                .hasTimeout(Duration.ofMinutes(2))
                .hasMaxRetries(1);
        assertThat(fake).hasDispatched(UploadJob.class, 1).hasDispatched(UploadJob.class);
        assertThat(events).job(job.id()).succeededWith("a.txt").hasNothingAfterEnding();
    }

    @Test
    void aFailureIsRetriedAfterTheBackoffInVirtualTimeThenFails() {
        UploadOrchestrator uploads = new UploadOrchestrator(fake.dispatcher(), bus);
        try (StateRecorder<String> states = StateRecorder.of(uploads)) {
            uploads.upload(options());
            UploadJob job = fake.awaitDispatched(UploadJob.class);

            fake.fail(job, new IllegalStateException("disk full"));
            states.awaitState("retrying in 5 s"::equals);
            fake.fail(job, new IllegalStateException("still full")); // for the second attempt, once it starts
            fake.time().advance(Duration.ofSeconds(5));

            assertThat(events).job(job.id()).failed().wasRetried(1);
            assertThat(states.awaitState(s -> s.startsWith("failed"))).isEqualTo("failed: still full");
        } finally {
            uploads.close();
        }
    }

    @Test
    void cancelAndTimeoutEndTheJobTheRealWay() {
        UploadOrchestrator uploads = new UploadOrchestrator(fake.dispatcher(), bus);
        try (StateRecorder<String> states = StateRecorder.of(uploads)) {
            String first = uploads.upload(options());
            String second = uploads.upload(options());
            fake.awaitDispatched(UploadJob.class, 2);

            assertThat(fake.cancel(fake.dispatched().get(0))).isTrue();
            assertThat(events).job(first).wasCancelled();

            fake.timeout(fake.dispatched().get(1));
            assertThat(events).job(second).timedOut().failedWith(TimeoutException.class);
            assertThat(events.awaitEvent(second, JobTimeoutEvent.class)).hasTimeout(Duration.ofMinutes(2));
            assertThat(fake.time().elapsed()).isEqualTo(Duration.ofMinutes(2));
            states.awaitState("timed out"::equals);
            assertThat(states.states()).contains("cancelled");
        } finally {
            uploads.close();
        }
    }

    @RepeatedTest(20)
    void timeoutRightAfterTheDispatchWaitsForTheAttemptToStart() {
        UploadOrchestrator uploads = new UploadOrchestrator(fake.dispatcher(), bus);
        try {
            String id = uploads.upload(options());
            fake.timeout(fake.awaitDispatched(UploadJob.class)); // its first attempt may not have started yet

            assertThat(events).job(id).timedOut();
            assertThat(fake.time().elapsed()).isEqualTo(Duration.ofMinutes(2));
        } finally {
            uploads.close();
        }
    }

    @RepeatedTest(10)
    void aJobWaitingForItsInstructionLetsTimeMoveAndAnInstructionMakesTimeWaitForIt() {
        UploadOrchestrator uploads = new UploadOrchestrator(fake.dispatcher(), bus);
        try (StateRecorder<String> states = StateRecorder.of(uploads)) {
            uploads.upload(options());
            UploadJob job = fake.awaitDispatched(UploadJob.class);

            fake.time().advance(Duration.ofSeconds(10)); // the job waits for the test: time moves
            fake.fail(job, new IllegalStateException("disk full"));
            fake.time().advance(Duration.ZERO); // settles: the failure and its retry are scheduled
            assertThat(states.states()).contains("retrying in 5 s");
        } finally {
            uploads.close();
        }
    }

    @Test
    void misuseIsReportedWithWhatToDo() {
        assertThatThrownBy(() -> fake.succeed(new OtherJob(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handle(OtherJob.class)");
        UploadOrchestrator uploads = new UploadOrchestrator(fake.dispatcher(), bus);
        try {
            uploads.upload(JobOptions.none());
            UploadJob job = fake.awaitDispatched(UploadJob.class);
            assertThatThrownBy(() -> fake.timeout(job))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no timeout");
            assertThatThrownBy(() -> assertThat(fake).hasDispatched(UploadJob.class, 2))
                    .hasMessageContaining("Expected 2 UploadJob to be dispatched, but 1 were");
            assertThatThrownBy(() -> assertThat(fake).hasDispatchedNothing()).hasMessageContaining("[UploadJob]");
            assertThatThrownBy(() -> assertThat(job).hasTimeout(Duration.ofSeconds(1)))
                    .hasMessageContaining("none");
        } finally {
            uploads.close();
        }
    }
}
