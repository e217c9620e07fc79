package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.RecordingLogger.Line;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Failures are never silent: the framework writes one line through its logger for each failed,
 * timed-out, retried and cancelled job, and two at shutdown. Pins each line.
 */
class OutcomeLoggingTest extends JobTestBase {

    private final RecordingLogger logger = new RecordingLogger();
    private final List<Line> lines = logger.lines;

    private Dispatcher loggingDispatcher() {
        return dispatcher(config -> config.logger(logger));
    }

    private List<Line> about(String jobId) {
        return lines.stream().filter(line -> line.message().contains(jobId)).collect(Collectors.toList());
    }

    private static RetryPolicy quickRetries(int maxRetries) {
        return RetryPolicy.custom()
                .maxRetries(maxRetries)
                .baseDelay(Duration.ofMillis(1))
                .build();
    }

    @Test
    void aFailedJobWritesOneWarningWithItsErrorAndStackTrace() {
        Dispatcher dispatcher = loggingDispatcher();
        IOException error = new IOException("disk full");
        TestJob job = new TestJob(JobOptions.builder().id("report-1").build(), (j, e) -> {
            throw error;
        });

        dispatcher.dispatch(job, bus);
        assertEndedOnceWith(job.id(), JobFailureEvent.class);

        assertThat(about("report-1"))
                .containsExactly(new Line(
                        LogLevel.WARNING,
                        "Job TestJob[id='report-1'] failed on attempt 1 of at most 1:"
                                + " java.io.IOException: 'disk full'",
                        error));
    }

    @Test
    void eachRetryWritesOneInfoLineWithTheAttemptAndTheDelayThenTheFailureOneWarning() {
        Dispatcher dispatcher = loggingDispatcher();
        TestJob job = new TestJob(
                JobOptions.builder().id("flaky-1").retryPolicy(quickRetries(2)).build(), (j, e) -> {
                    throw new IOException("timeout #" + j.calls.get());
                });

        dispatcher.dispatch(job, bus);
        assertEndedOnceWith(job.id(), JobFailureEvent.class);

        assertThat(about("flaky-1"))
                .extracting(Line::level, Line::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                LogLevel.INFO,
                                "Job TestJob[id='flaky-1'] attempt 1 of 3 failed: java.io.IOException: 'timeout #1';"
                                        + " attempt 2 starts in PT0.001S"),
                        org.assertj.core.groups.Tuple.tuple(
                                LogLevel.INFO,
                                "Job TestJob[id='flaky-1'] attempt 2 of 3 failed: java.io.IOException: 'timeout #2';"
                                        + " attempt 3 starts in PT0.002S"),
                        org.assertj.core.groups.Tuple.tuple(
                                LogLevel.WARNING,
                                "Job TestJob[id='flaky-1'] failed on attempt 3 of at most 3:"
                                        + " java.io.IOException: 'timeout #3'"));
    }

    @Test
    void aTimedOutJobWritesOneWarningWithoutTheTimersStackTrace() {
        Dispatcher dispatcher = loggingDispatcher();
        Blocker blocker = blocker();
        TestJob job = new TestJob(
                JobOptions.builder().id("slow-1").timeout(Duration.ofMillis(20)).build(),
                (j, e) -> blocker.block("late"));

        dispatcher.dispatch(job, bus);
        assertEndedOnceWith(job.id(), JobFailureEvent.class);

        assertThat(about("slow-1"))
                .containsExactly(new Line(
                        LogLevel.WARNING,
                        "Job TestJob[id='slow-1'] timed out after PT0.02S on attempt 1 of at most 1",
                        null));
    }

    @Test
    void cancellationsWriteOneDebugLineSayingWhenTheJobWasCancelled() throws Exception {
        Dispatcher dispatcher = loggingDispatcher();
        Blocker blocker = blocker();
        TestJob running = new TestJob(JobOptions.builder().id("running-1").build(), (j, e) -> blocker.block("x"));
        CancellationToken token = new CancellationToken();
        token.cancel();
        TestJob neverStarted = new TestJob(
                JobOptions.builder().id("early-1").cancellationToken(token).build(), (j, e) -> "never");

        dispatcher.dispatch(running, bus);
        blocker.awaitEntered();
        dispatcher.cancel(running.id());
        dispatcher.dispatch(neverStarted, bus);
        assertEndedOnceWith(running.id(), JobCancelledEvent.class);
        assertEndedOnceWith(neverStarted.id(), JobCancelledEvent.class);

        assertThat(about("running-1"))
                .containsExactly(
                        new Line(LogLevel.DEBUG, "Job TestJob[id='running-1'] cancelled during attempt 1", null));
        assertThat(about("early-1"))
                .containsExactly(
                        new Line(LogLevel.DEBUG, "Job TestJob[id='early-1'] cancelled before its first attempt", null));
    }

    @Test
    void aSucceedingJobWritesNothing() {
        Dispatcher dispatcher = loggingDispatcher();
        TestJob job = new TestJob(JobOptions.builder().id("fine-1").build(), (j, e) -> "ok");

        dispatcher.dispatch(job, bus);
        assertEndedOnceWith(job.id(), JobSuccessEvent.class);

        assertThat(about("fine-1")).isEmpty();
    }

    @Test
    void shutdownWritesOneLineForWhatItWaitsForAndOneForWhatItCancels() throws Exception {
        Dispatcher dispatcher = loggingDispatcher();
        Blocker blocker = blocker();
        TestJob first = new TestJob((j, e) -> blocker.blockIgnoringInterrupts("a"));
        TestJob second = new TestJob((j, e) -> blocker.blockIgnoringInterrupts("b"));
        dispatcher.dispatch(first, bus);
        dispatcher.dispatch(second, bus);
        eventually().until(() -> first.calls.get() == 1 && second.calls.get() == 1);

        assertThat(dispatcher.shutdown(Duration.ofMillis(50))).isFalse();

        assertThat(lines)
                .filteredOn(line -> line.message().startsWith("Dispatcher"))
                .containsExactly(
                        new Line(
                                LogLevel.INFO,
                                "Dispatcher shutting down: waiting up to PT0.05S for 2 active jobs (queued, running or"
                                        + " waiting to retry) to finish",
                                null),
                        new Line(
                                LogLevel.WARNING,
                                "Dispatcher shutdown: the grace period of PT0.05S is over; cancelling 2 jobs still"
                                        + " active: TestJob ×2",
                                null));
        assertThat(lines)
                .filteredOn(line -> line.level() == LogLevel.DEBUG)
                .extracting(Line::message)
                .containsExactlyInAnyOrder(
                        "Job " + first.logName() + " cancelled during attempt 1",
                        "Job " + second.logName() + " cancelled during attempt 1");
    }

    @Test
    void anIdleShutdownWritesNothing() {
        Dispatcher dispatcher = loggingDispatcher();

        assertThat(dispatcher.shutdown(Duration.ofSeconds(1))).isTrue();

        assertThat(lines).isEmpty();
    }

    @Test
    void processReadsItsAttemptNumberedFromOne() {
        Dispatcher dispatcher = loggingDispatcher();
        List<String> seen = new CopyOnWriteArrayList<>();
        TestJob job =
                new TestJob(JobOptions.builder().retryPolicy(quickRetries(2)).build(), (j, e) -> {
                    JobContext context = e.contextForTest(j);
                    seen.add(
                            context.attempt() + "/" + context.maxAttempts() + (context.isLastAttempt() ? " last" : ""));
                    if (!context.isLastAttempt()) {
                        throw new IOException("again");
                    }
                    return "done";
                });

        dispatcher.dispatch(job, bus);
        assertEndedOnceWith(job.id(), JobSuccessEvent.class);

        assertThat(seen).containsExactly("1/3", "2/3", "3/3 last");
        assertThat(dispatcher.registry().finished(job.id()).orElseThrow().attempts())
                .isEqualTo(3);
    }
}
