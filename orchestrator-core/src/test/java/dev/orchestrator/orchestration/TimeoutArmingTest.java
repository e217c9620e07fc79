package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import java.time.Duration;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Pins how timeouts are armed (Dispatcher.deferTimeout): a timeout of at most twice the arming
 * delay is armed at the start, a longer one within the arming delay; either fires {@code timeout}
 * after the start, and jobs that end before their timeout is armed leave no timer task behind.
 */
class TimeoutArmingTest extends JobTestBase {

    private static final long ARMING_DELAY_MILLIS =
            TimeUnit.NANOSECONDS.toMillis(Dispatcher.TIMEOUT_ARMING_DELAY_NANOS);

    private static JobOptions timeout(Duration timeout) {
        return JobOptions.builder().timeout(timeout).build();
    }

    @Test
    void aTimeoutArmedAtTheStartFires() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        Duration timeout = Duration.ofMillis(ARMING_DELAY_MILLIS); // short: armed at once
        TestJob job = new TestJob(timeout(timeout), (j, e) -> blocker.block("late"));

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.error()).isInstanceOf(TimeoutException.class);
        assertThat(recorder.eventsOf(job.id(), JobTimeoutEvent.class)).hasSize(1);
    }

    @Test
    void aDeferredTimeoutFiresTimeoutAfterTheStartNotLater() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        Duration timeout = Duration.ofMillis(300); // long: armed by the dispatcher's arming round
        TestJob job = new TestJob(timeout(timeout), (j, e) -> blocker.block("late"));

        long start = System.nanoTime();
        dispatcher.dispatch(job, bus);
        recorder.awaitEvent(job.id(), JobTimeoutEvent.class, JobFixtures.PROMPTLY);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(elapsedMillis)
                .as("the timeout counts from the start, not from its arming")
                .isGreaterThanOrEqualTo(300);
        assertEndedOnceWith(job.id(), JobFailureEvent.class);
    }

    @Test
    void aJobStillRunningGetsItsLongTimeoutArmedWithinTheArmingDelay() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob job = new TestJob(timeout(Duration.ofSeconds(30)), (j, e) -> blocker.block("late"));
        ScheduledThreadPoolExecutor timer = (ScheduledThreadPoolExecutor) dispatcher.scheduler();

        dispatcher.dispatch(job, bus);

        eventually()
                .atMost(JobFixtures.PROMPTLY)
                .until(() ->
                        timer.getQueue().stream().anyMatch(task -> ((Delayed) task).getDelay(TimeUnit.SECONDS) >= 28));
        dispatcher.cancel(job.id());
        eventually().atMost(JobFixtures.PROMPTLY).until(() -> timer.getQueue().isEmpty());
    }

    @Test
    void jobsThatEndBeforeTheirTimeoutIsArmedLeaveNoTimerTaskBehind() throws Exception {
        Dispatcher dispatcher = dispatcher();
        int jobs = 200;
        for (int i = 0; i < jobs; i++) {
            TestJob job = new TestJob(timeout(Duration.ofSeconds(30)), (j, e) -> "done");
            dispatcher.dispatch(job, bus);
            assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        }
        ScheduledThreadPoolExecutor timer = (ScheduledThreadPoolExecutor) dispatcher.scheduler();

        // once the last arming round ran, no timer task is left for any of them
        eventually().atMost(JobFixtures.PROMPTLY).until(() -> timer.getQueue().isEmpty());
    }
}
