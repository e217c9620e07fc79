package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.cancellation.CancelledException;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.orchestration.JobFixtures.TrackingExecutor;
import dev.orchestrator.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Pins cancellation and contract point 4 in {@link BaseExecutor} and {@link Dispatcher#cancel}. */
class CancellationTest extends JobTestBase {

    private static JobOptions token(CancellationToken token) {
        return JobOptions.builder().cancellationToken(token).build();
    }

    @Test
    void jobWhoseTokenIsCancelledBeforeDispatchOnlyEmitsCancelledAndNeverRuns() {
        TrackingExecutor workers = workers(2);
        Dispatcher dispatcher = dispatcher(workers);
        CancellationToken token = new CancellationToken();
        token.cancel();
        TestJob job = new TestJob(token(token), (j, e) -> "must not run");

        dispatcher.dispatch(job, bus);

        recorder.awaitEnding(job.id());
        workers.awaitIdle();
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobCancelledEvent.class);
        assertThat(job.calls).hasValue(0);
    }

    @Test
    void jobCancelledByTokenWhileQueuedNeverRuns() throws Exception {
        Dispatcher dispatcher = dispatcher(config -> config.executionPoolSize(1));
        Blocker blocker = blocker();
        TestJob busy = new TestJob((j, e) -> blocker.block("busy"));
        dispatcher.dispatch(busy, bus);
        blocker.awaitEntered();
        CancellationToken token = new CancellationToken();
        TestJob queued = new TestJob(token(token), (j, e) -> "must not run");
        dispatcher.dispatch(queued, bus);

        token.cancel();

        recorder.awaitEvent(queued.id(), JobCancelledEvent.class, JobFixtures.PROMPTLY);
        assertThat(blocker.isStillBlocked()).isTrue();
        blocker.release();
        // The single worker takes tasks in order: once a later job has run, the queued one was taken too.
        TestJob later = new TestJob((j, e) -> "later");
        dispatcher.dispatch(later, bus);
        assertEndedOnceWith(later.id(), JobSuccessEvent.class);
        assertEndedOnceWith(busy.id(), JobSuccessEvent.class);
        assertEndedOnceWith(queued.id(), JobCancelledEvent.class);
        assertThat(recorder.typesOf(queued.id())).containsExactly(JobCancelledEvent.class);
        assertThat(queued.calls).hasValue(0);
    }

    @Test
    void jobCancelledByTheDispatcherWhileQueuedNeverRuns() throws Exception {
        Dispatcher dispatcher = dispatcher(config -> config.executionPoolSize(1));
        Blocker blocker = blocker();
        TestJob busy = new TestJob((j, e) -> blocker.block("busy"));
        dispatcher.dispatch(busy, bus);
        blocker.awaitEntered();
        TestJob queued = new TestJob((j, e) -> "must not run");
        dispatcher.dispatch(queued, bus);
        assertThat(dispatcher.registry().running(queued.id()))
                .hasValueSatisfying(snapshot -> assertThat(snapshot.status()).isEqualTo(JobStatus.QUEUED));

        assertThat(dispatcher.cancel(queued.id())).isTrue();

        recorder.awaitEvent(queued.id(), JobCancelledEvent.class, JobFixtures.PROMPTLY);
        blocker.release();
        TestJob later = new TestJob((j, e) -> "later");
        dispatcher.dispatch(later, bus);
        assertEndedOnceWith(later.id(), JobSuccessEvent.class);
        assertEndedOnceWith(queued.id(), JobCancelledEvent.class);
        assertThat(queued.calls).hasValue(0);
    }

    @Test
    void cancellingARunningJobInterruptsItsWorkerAndEmitsCancelledPromptly() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        CancellationToken token = new CancellationToken();
        TestJob job = new TestJob(token(token), (j, e) -> blocker.block("late"));
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        token.cancel();

        recorder.awaitEvent(job.id(), JobCancelledEvent.class, JobFixtures.PROMPTLY);
        blocker.awaitExited();
        assertThat(blocker.interrupted).isTrue();
        assertThat(blocker.release.getCount()).as("never released by the test").isEqualTo(1);
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class, JobCancelledEvent.class);
    }

    @Test
    void processIgnoringInterruptionIsCancelledPromptlyAndItsLateResultIsNeverEmitted() throws Exception {
        TrackingExecutor workers = workers(2);
        Dispatcher dispatcher = dispatcher(workers);
        Blocker blocker = blocker();
        TestJob job = new TestJob((j, e) -> blocker.blockIgnoringInterrupts("late result"));
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        assertThat(dispatcher.cancel(job.id())).isTrue();

        recorder.awaitEvent(job.id(), JobCancelledEvent.class, JobFixtures.PROMPTLY);
        assertThat(blocker.isStillBlocked()).as("process is still running").isTrue();
        eventually().atMost(JobFixtures.PROMPTLY).untilTrue(blocker.interrupted);
        assertThat(dispatcher.isRunning(job.id())).isFalse();

        blocker.release();
        blocker.awaitExited();
        workers.awaitIdle();
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class, JobCancelledEvent.class);
        assertThat(dispatcher.registry().finished(job.id()))
                .hasValueSatisfying(finished -> assertThat(finished.outcome()).isEqualTo(JobOutcome.CANCELLED));
    }

    @Test
    void cancelDuringABackoffWaitEndsTheJobAtOnce() {
        Dispatcher dispatcher = dispatcher();
        RetryPolicy hourLongBackoff = RetryPolicy.custom()
                .maxRetries(3)
                .baseDelay(Duration.ofHours(1))
                .maxDelay(Duration.ofHours(8))
                .build();
        CancellationToken token = new CancellationToken();
        TestJob job = new TestJob(
                JobOptions.builder()
                        .cancellationToken(token)
                        .retryPolicy(hourLongBackoff)
                        .build(),
                (j, e) -> {
                    throw new IOException("fails");
                });
        dispatcher.dispatch(job, bus);
        recorder.awaitEvent(job.id(), JobRetryingEvent.class);

        token.cancel();

        recorder.awaitEvent(job.id(), JobCancelledEvent.class, JobFixtures.PROMPTLY);
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobRetryingEvent.class, JobCancelledEvent.class);
        assertThat(dispatcher.registry().finished(job.id()))
                .hasValueSatisfying(finished -> assertThat(finished.attempts()).isEqualTo(1));
    }

    @Test
    void cancelDuringABackoffWaitPreventsAnyFurtherAttempt() {
        Dispatcher dispatcher = dispatcher(config -> config.executionPoolSize(1));
        RetryPolicy slowRetry = RetryPolicy.custom()
                .maxRetries(1)
                .baseDelay(Duration.ofMillis(300))
                .build();
        TestJob job = new TestJob(JobOptions.builder().retryPolicy(slowRetry).build(), (j, e) -> {
            throw new IOException("fails");
        });
        dispatcher.dispatch(job, bus);
        recorder.awaitEvent(job.id(), JobRetryingEvent.class);

        assertThat(dispatcher.cancel(job.id())).isTrue();

        // A control job with the same backoff, retrying later on the same single worker: once its
        // retry has run, the cancelled job's retry would have run before it.
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
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
    }

    @Test
    void processThrowingCancelledExceptionEndsAsCancelledNotFailed() {
        Dispatcher dispatcher = dispatcher();
        RetryPolicy retries = RetryPolicy.custom()
                .maxRetries(3)
                .baseDelay(Duration.ofMillis(1))
                .build();
        TestJob job = new TestJob(JobOptions.builder().retryPolicy(retries).build(), (j, e) -> {
            throw new CancelledException();
        });

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class, JobCancelledEvent.class);
        assertThat(recorder.eventsOf(job.id(), JobFailureEvent.class)).isEmpty();
        assertThat(job.calls).hasValue(1);
    }

    @Test
    void cancelOfAnUnknownOrFinishedJobReturnsFalse() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> "done");
        dispatcher.dispatch(job, bus);
        assertEndedOnceWith(job.id(), JobSuccessEvent.class);

        assertThat(dispatcher.cancel("no-such-job")).isFalse();
        assertThat(dispatcher.cancel(job.id())).isFalse();

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
    }

    @Test
    void dispatcherCancelLeavesTheSharedTokenAndTheOtherJobAlone() throws Exception {
        Dispatcher dispatcher = dispatcher();
        CancellationToken shared = new CancellationToken();
        Blocker first = blocker();
        Blocker second = blocker();
        TestJob cancelled = new TestJob(token(shared), (j, e) -> first.block("first"));
        TestJob survivor = new TestJob(token(shared), (j, e) -> second.block("second"));
        dispatcher.dispatch(cancelled, bus);
        dispatcher.dispatch(survivor, bus);
        first.awaitEntered();
        second.awaitEntered();

        assertThat(dispatcher.cancel(cancelled.id())).isTrue();

        assertEndedOnceWith(cancelled.id(), JobCancelledEvent.class);
        assertThat(shared.isCancelled()).isFalse();
        assertThat(second.isStillBlocked()).isTrue();
        second.release();
        assertThat(assertEndedOnceWith(survivor.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("second");
    }

    @Test
    void sharedTokenCancelsEveryJobThatHoldsIt() throws Exception {
        Dispatcher dispatcher = dispatcher();
        CancellationToken shared = new CancellationToken();
        Blocker first = blocker();
        Blocker second = blocker();
        TestJob one = new TestJob(token(shared), (j, e) -> first.block("first"));
        TestJob two = new TestJob(token(shared), (j, e) -> second.block("second"));
        dispatcher.dispatch(one, bus);
        dispatcher.dispatch(two, bus);
        first.awaitEntered();
        second.awaitEntered();

        shared.cancel();

        assertEndedOnceWith(one.id(), JobCancelledEvent.class);
        assertEndedOnceWith(two.id(), JobCancelledEvent.class);
    }

    @Test
    void cancelIsIdempotent() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        CancellationToken token = new CancellationToken();
        TestJob job = new TestJob(token(token), (j, e) -> blocker.block("late"));
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        assertThat(dispatcher.cancel(job.id())).isTrue();
        assertThat(dispatcher.cancel(job.id())).isFalse();
        token.cancel();
        token.cancel();

        blocker.awaitExited();
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class, JobCancelledEvent.class);
    }

    @Test
    void throwIfCancelledStopsNonBlockingWorkOnceTheJobIsCancelled() throws Exception {
        Dispatcher dispatcher = dispatcher();
        CountDownLatch spinning = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        TestJob job = new TestJob((j, e) -> {
            e.throwIfCancelled(j); // a running job passes
            spinning.countDown();
            try {
                while (true) {
                    e.throwIfCancelled(j);
                    Thread.onSpinWait();
                }
            } catch (CancelledException ex) {
                thrown.set(ex);
                throw ex;
            }
        });
        dispatcher.dispatch(job, bus);
        assertThat(spinning.await(JobFixtures.SOON.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .isTrue();

        dispatcher.cancel(job.id());

        eventually()
                .atMost(JobFixtures.PROMPTLY)
                .untilAsserted(() -> assertThat(thrown.get()).isInstanceOf(CancelledException.class));
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
    }

    @Test
    void throwIfCancelledThrowsWhenTheTokenIsCancelled() throws Exception {
        Dispatcher dispatcher = dispatcher();
        CancellationToken token = new CancellationToken();
        Blocker blocker = blocker();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        TestJob job = new TestJob(token(token), (j, e) -> {
            blocker.blockIgnoringInterrupts(null);
            try {
                e.throwIfCancelled(j);
                return "not cancelled";
            } catch (CancelledException ex) {
                thrown.set(ex);
                throw ex;
            }
        });
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        token.cancel();
        blocker.release();

        blocker.awaitExited();
        eventually()
                .atMost(JobFixtures.PROMPTLY)
                .untilAsserted(() -> assertThat(thrown.get())
                        .isInstanceOf(CancelledException.class)
                        .hasMessage("Operation was cancelled."));
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
    }

    @Test
    void throwIfCancelledOutsideARunningJobThrows() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> "done");
        dispatcher.dispatch(job, bus);
        assertEndedOnceWith(job.id(), JobSuccessEvent.class);

        assertThatThrownBy(() -> executor.throwIfCancelled(job)).isInstanceOf(CancelledException.class);
        assertThatThrownBy(() -> executor.throwIfCancelled(new TestJob((j, e) -> null)))
                .isInstanceOf(CancelledException.class);
    }
}
