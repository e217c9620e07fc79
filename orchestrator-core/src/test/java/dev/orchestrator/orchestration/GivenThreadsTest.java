package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher given a scheduler and a handle executor (as the Spring Boot starter gives it pools
 * whose metrics it publishes) uses them for timeouts, backoff waits and handle completions, and
 * leaves them running when it shuts down: their owner stops them.
 */
class GivenThreadsTest extends JobTestBase {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "given-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final ThreadPoolExecutor handles = (ThreadPoolExecutor) Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "given-handles");
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void stopGivenThreads() {
        timer.shutdownNow();
        handles.shutdownNow();
    }

    private Dispatcher givenThreads() {
        return register(Dispatcher.builder()
                .config(quietConfig().build())
                .defaultBus(bus)
                .scheduler(timer)
                .handleExecutor(handles)
                .build());
    }

    @Test
    void timeoutsAndBackoffWaitsRunOnTheGivenScheduler() throws Exception {
        Dispatcher dispatcher = givenThreads();
        Blocker blocker = blocker();
        String timedOut = dispatcher.dispatch(new TestJob(
                JobOptions.builder().timeout(Duration.ofMillis(50)).build(), (job, executor) -> blocker.block("late")));
        String retried = dispatcher.dispatch(new TestJob(
                JobOptions.builder()
                        .retryPolicy(RetryPolicy.custom()
                                .maxRetries(1)
                                .baseDelay(Duration.ofMillis(20))
                                .build())
                        .build(),
                (job, executor) -> {
                    if (job.calls.get() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    return "second attempt";
                }));

        assertEndedOnceWith(timedOut, JobFailureEvent.class);
        assertEndedOnceWith(retried, JobSuccessEvent.class);
        assertThat(timer.getCompletedTaskCount())
                .as("the timeout fired and the backoff wait ended on the given scheduler")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void handleFuturesCompleteOnTheGivenExecutor() throws Exception {
        Dispatcher dispatcher = givenThreads();
        Blocker blocker = blocker();
        CompletableFuture<Object> result = dispatcher
                .submit(new TestJob((job, executor) -> blocker.block("done")))
                .result();
        AtomicReference<String> completedOn = new AtomicReference<>();
        CompletableFuture<Object> seen = result.whenComplete(
                (value, error) -> completedOn.set(Thread.currentThread().getName()));
        blocker.awaitEntered();

        blocker.release();

        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(completedOn.get())
                .as("a stage registered before the job ended runs where the future is completed")
                .isEqualTo("given-handles");
    }

    @Test
    void shutdownLeavesTheGivenSchedulerAndHandleExecutorRunning() {
        Dispatcher dispatcher = givenThreads();
        String id = dispatcher.dispatch(new TestJob((job, executor) -> "done"));
        assertEndedOnceWith(id, JobSuccessEvent.class);

        dispatcher.shutdown(Duration.ZERO);

        assertThat(timer.isShutdown()).as("the given scheduler").isFalse();
        assertThat(handles.isShutdown()).as("the given handle executor").isFalse();
    }

    @Test
    void aClusterWorkerSharesTheGivenScheduler() {
        Dispatcher dispatcher = givenThreads();
        Dispatcher worker = dispatcher.clusterWorker(bus);
        Blocker blocker = blocker();
        try {
            long before = timer.getCompletedTaskCount();
            String id = worker.dispatch(new TestJob(
                    JobOptions.builder().timeout(Duration.ofMillis(20)).build(),
                    (job, executor) -> blocker.block("late")));
            assertEndedOnceWith(id, JobFailureEvent.class);
            // the timer's task emits the ending and is counted as completed only after it returns
            eventually().until(() -> timer.getCompletedTaskCount() > before);
        } finally {
            worker.shutdown(Duration.ZERO);
        }
    }
}
