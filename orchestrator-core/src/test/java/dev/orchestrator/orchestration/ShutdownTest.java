package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.event.JobCancelledEvent;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pins graceful shutdown of {@link Dispatcher} and its bounded pool: contract point 2 at shutdown, point 11 when full. */
class ShutdownTest extends JobTestBase {

    @Test
    void dispatchAfterShutdownIsRejectedWithAClearMessage() {
        Dispatcher dispatcher = dispatcher();
        assertThat(dispatcher.shutdown(Duration.ZERO)).isTrue();
        TestJob job = new TestJob((j, e) -> "never");

        assertThatThrownBy(() -> dispatcher.dispatch(job, bus))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down")
                .hasMessageContaining(job.id());

        assertThat(dispatcher.isShutdown()).isTrue();
        assertThat(dispatcher.registry().running(job.id())).isEmpty();
        assertThat(dispatcher.registry().running(job.id())).isEmpty();
        recorder.flush();
        assertThat(recorder.eventsOf(job.id())).isEmpty();
        assertThat(job.calls).hasValue(0);
    }

    @Test
    void jobsFinishingWithinTheGracePeriodSucceedAndShutdownReturnsTrue() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob job = new TestJob((j, e) -> blocker.block("finished in grace"));
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        CompletableFuture<Boolean> shutdown =
                CompletableFuture.supplyAsync(() -> dispatcher.shutdown(Duration.ofSeconds(30)));
        eventually().atMost(JobFixtures.SOON).until(dispatcher::isShutdown);
        assertThatThrownBy(() -> dispatcher.dispatch(new TestJob((j, e) -> "late"), bus))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(shutdown).isNotDone();
        blocker.release();

        assertThat(shutdown.get(JobFixtures.SOON.toMillis(), TimeUnit.MILLISECONDS))
                .isTrue();
        assertThat(assertEndedOnceWith(job.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("finished in grace");
        assertThat(blocker.interrupted).isFalse();
    }

    @Test
    void jobsStillRunningAtTheEndOfTheGracePeriodAreCancelledOnceEachAndShutdownReturnsFalse() throws Exception {
        TrackingExecutor workers = workers(2);
        Dispatcher dispatcher = dispatcher(workers);
        Blocker responsive = blocker();
        Blocker stubborn = blocker();
        TestJob running = new TestJob((j, e) -> responsive.block("late"));
        TestJob ignoring = new TestJob((j, e) -> stubborn.blockIgnoringInterrupts("late"));
        TestJob queued = new TestJob((j, e) -> "never");
        TestJob retrying = new TestJob(
                JobOptions.builder()
                        .retryPolicy(RetryPolicy.custom()
                                .maxRetries(1)
                                .baseDelay(Duration.ofHours(1))
                                .maxDelay(Duration.ofHours(1))
                                .build())
                        .build(),
                (j, e) -> {
                    throw new IOException("fails");
                });
        dispatcher.dispatch(retrying, bus);
        recorder.awaitEvent(retrying.id(), JobRetryingEvent.class);
        dispatcher.dispatch(running, bus);
        dispatcher.dispatch(ignoring, bus);
        responsive.awaitEntered();
        stubborn.awaitEntered();
        dispatcher.dispatch(queued, bus);

        boolean allFinished = dispatcher.shutdown(Duration.ofMillis(50));

        assertThat(allFinished).isFalse();
        assertThat(dispatcher.registry().runningCount()).isZero();
        for (TestJob job : new TestJob[] {running, ignoring, queued, retrying}) {
            recorder.awaitEvent(job.id(), JobCancelledEvent.class, JobFixtures.PROMPTLY);
        }
        assertThat(stubborn.isStillBlocked()).isTrue();
        stubborn.release();
        stubborn.awaitExited();
        responsive.awaitExited();
        workers.awaitIdle();
        for (TestJob job : new TestJob[] {running, ignoring, queued, retrying}) {
            assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        }
        assertThat(recorder.typesOf(queued.id())).containsExactly(JobCancelledEvent.class);
        assertThat(recorder.typesOf(ignoring.id())).containsExactly(JobStartedEvent.class, JobCancelledEvent.class);
        assertThat(queued.calls).hasValue(0);
        assertThat(retrying.calls).hasValue(1);
        assertThat(responsive.interrupted).isTrue();
    }

    @Test
    void jobsStillWaitingForAWorkerWhenTheGracePeriodEndsNeverRun() throws Exception {
        TrackingExecutor workers = workers(1);
        Dispatcher dispatcher = dispatcher(workers);
        Blocker blocker = blocker();
        TestJob running = new TestJob((j, e) -> blocker.block("late"));
        dispatcher.dispatch(running, bus);
        blocker.awaitEntered();
        List<TestJob> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TestJob job = new TestJob((j, e) -> "ran after the grace period");
            waiting.add(job);
            dispatcher.dispatch(job, bus);
        }

        assertThat(dispatcher.shutdown(Duration.ZERO)).isFalse();

        workers.awaitIdle();
        assertEndedOnceWith(running.id(), JobCancelledEvent.class);
        for (TestJob job : waiting) {
            assertEndedOnceWith(job.id(), JobCancelledEvent.class);
            assertThat(recorder.typesOf(job.id())).containsExactly(JobCancelledEvent.class);
            assertThat(job.calls).hasValue(0);
        }
    }

    @Test
    void closeCancelsJobsRunningOnTheDispatchersOwnPool() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob job = new TestJob((j, e) -> blocker.block("late"));
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        dispatcher.close();

        recorder.awaitEvent(job.id(), JobCancelledEvent.class, JobFixtures.PROMPTLY);
        blocker.awaitExited();
        assertThat(blocker.interrupted).isTrue();
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
    }

    @Test
    void shutdownWithoutJobsReturnsTrueAndIsIdempotent() {
        Dispatcher dispatcher = dispatcher();

        assertThat(dispatcher.shutdown(Duration.ofSeconds(30))).isTrue();
        assertThat(dispatcher.shutdown(Duration.ZERO)).isTrue();
        assertThat(dispatcher.isShutdown()).isTrue();
    }

    @Test
    void negativeGracePeriodIsRejectedNamingIt() {
        Dispatcher dispatcher = dispatcher();

        assertThatThrownBy(() -> dispatcher.shutdown(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gracePeriod");
        assertThat(dispatcher.isShutdown()).isFalse();
    }

    @Test
    void fullPoolRejectsDispatchAndTheRejectedJobLeavesNoTrace() throws Exception {
        Dispatcher dispatcher = dispatcher(config -> config.executionPoolSize(1).executionQueueCapacity(1));
        Blocker blocker = blocker();
        TestJob running = new TestJob((j, e) -> blocker.block("first"));
        TestJob queued = new TestJob((j, e) -> "second");
        TestJob rejected = new TestJob((j, e) -> "third");
        dispatcher.dispatch(running, bus);
        dispatcher.dispatch(queued, bus);

        assertThatThrownBy(() -> dispatcher.dispatch(rejected, bus))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining(rejected.id())
                .hasMessageContaining("executionQueueCapacity");

        assertThat(dispatcher.isRunning(rejected.id())).isFalse();
        assertThat(dispatcher.registry().running(rejected.id())).isEmpty();
        assertThat(dispatcher.registry().runningCount()).isEqualTo(2);
        blocker.release();
        assertEndedOnceWith(running.id(), JobSuccessEvent.class);
        assertEndedOnceWith(queued.id(), JobSuccessEvent.class);
        assertThat(recorder.eventsOf(rejected.id())).isEmpty();
        assertThat(rejected.calls).hasValue(0);
        assertThat(dispatcher.registry().finished(rejected.id())).isEmpty();
    }

    @Test
    void jobRejectedByAFullPoolCanBeDispatchedAgainOnceThereIsRoom() throws Exception {
        Dispatcher dispatcher = dispatcher(config -> config.executionPoolSize(1).executionQueueCapacity(1));
        Blocker blocker = blocker();
        TestJob running = new TestJob((j, e) -> blocker.block("first"));
        TestJob queued = new TestJob((j, e) -> "second");
        TestJob rejected = new TestJob((j, e) -> "third");
        dispatcher.dispatch(running, bus);
        dispatcher.dispatch(queued, bus);
        assertThatThrownBy(() -> dispatcher.dispatch(rejected, bus)).isInstanceOf(RejectedExecutionException.class);
        assertThat(dispatcher.registry().running(rejected.id()))
                .as("a rejected job is not attached to a bus")
                .isEmpty();

        blocker.release();
        assertEndedOnceWith(queued.id(), JobSuccessEvent.class);
        dispatcher.dispatch(rejected, bus);

        assertThat(assertEndedOnceWith(rejected.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("third");
        assertThat(dispatcher.registry().finished(rejected.id()).orElseThrow().bus())
                .isEqualTo(bus.name());
    }
}
