package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.config.JobDefaults;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins automatic retry and contract point 6 in {@link BaseExecutor}. */
class RetryTest extends JobTestBase {

    private static RetryPolicy retries(int maxRetries, Duration baseDelay) {
        return RetryPolicy.custom()
                .maxRetries(maxRetries)
                .baseDelay(baseDelay)
                .maxDelay(Duration.ofHours(2))
                .build();
    }

    /** A body that fails with a new numbered error on its first {@code failures} calls, then returns "ok". */
    private static JobFixtures.Body failingTimes(int failures) {
        return (job, executor) -> {
            int call = job.calls.get();
            if (call <= failures) {
                throw new IOException("failure " + call);
            }
            return "ok";
        };
    }

    @Test
    void jobFailingTwiceThenSucceedingIsRetriedWithEventsBeforeEachWait() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob(
                JobOptions.builder()
                        .retryPolicy(retries(2, Duration.ofMillis(5)))
                        .build(),
                failingTimes(2));

        dispatcher.dispatch(job, bus);

        assertThat(recorder)
                .job(job.id())
                .succeededWith("ok")
                .wasRetried(2)
                .hasEventTypes(
                        JobStartedEvent.class, JobRetryingEvent.class, JobRetryingEvent.class, JobSuccessEvent.class);
        List<JobRetryingEvent> retrying = recorder.eventsOf(job.id(), JobRetryingEvent.class);
        assertThat(retrying.get(0).attempt()).isEqualTo(1);
        assertThat(retrying.get(0).maxRetries()).isEqualTo(2);
        assertThat(retrying.get(0).lastError()).hasMessage("failure 1");
        assertThat(retrying.get(0).delayBeforeRetry()).isEqualTo(Duration.ofMillis(5));
        assertThat(retrying.get(1).attempt()).isEqualTo(2);
        assertThat(retrying.get(1).maxRetries()).isEqualTo(2);
        assertThat(retrying.get(1).lastError()).hasMessage("failure 2");
        assertThat(retrying.get(1).delayBeforeRetry()).isEqualTo(Duration.ofMillis(10));
        assertThat(job.calls).hasValue(3);
        assertThat(dispatcher.registry().finished(job.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.SUCCESS);
            assertThat(finished.attempts()).isEqualTo(3);
        });
    }

    @Test
    void exhaustedRetriesEndInAFailureMarkedAsRetried() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob(
                JobOptions.builder()
                        .retryPolicy(retries(2, Duration.ofMillis(2)))
                        .build(),
                failingTimes(99));

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.wasRetried()).isTrue();
        assertThat(failure.error()).hasMessage("failure 3");
        assertThat(recorder.eventsOf(job.id(), JobRetryingEvent.class))
                .extracting(JobRetryingEvent::attempt)
                .containsExactly(1, 2);
        assertThat(job.calls).hasValue(3);
        assertThat(dispatcher.registry().finished(job.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.FAILURE);
            assertThat(finished.attempts()).isEqualTo(3);
            assertThat(finished.error())
                    .hasValueSatisfying(summary -> assertThat(summary).contains("failure 3"));
        });
    }

    @Test
    void permanentErrorRejectedByShouldRetryFailsAtOnce() {
        Dispatcher dispatcher = dispatcher();
        RetryPolicy policy = RetryPolicy.from(retries(3, Duration.ofMillis(1)))
                .shouldRetry(error -> !(error instanceof IllegalArgumentException))
                .build();
        TestJob job = new TestJob(JobOptions.builder().retryPolicy(policy).build(), (j, e) -> {
            throw new IllegalArgumentException("bad input");
        });

        dispatcher.dispatch(job, bus);

        assertThat(recorder)
                .job(job.id())
                .failedWith(IllegalArgumentException.class)
                .wasRetried(0)
                .hasEventTypes(JobStartedEvent.class, JobFailureEvent.class);
        JobFailureEvent failure = (JobFailureEvent) recorder.awaitEnding(job.id());
        assertThat(failure.wasRetried()).isFalse();
        assertThat(job.calls).hasValue(1);
    }

    @Test
    void transientErrorAcceptedByShouldRetryIsRetried() {
        Dispatcher dispatcher = dispatcher();
        RetryPolicy policy = RetryPolicy.from(retries(3, Duration.ofMillis(1)))
                .shouldRetry(error -> error instanceof IOException)
                .build();
        TestJob job = new TestJob(JobOptions.builder().retryPolicy(policy).build(), failingTimes(1));

        dispatcher.dispatch(job, bus);

        assertThat(recorder).job(job.id()).succeeded().wasRetried(1).hasNothingAfterEnding();
    }

    @Test
    void backoffWaitHoldsNoWorkerThread() throws Exception {
        Dispatcher dispatcher = dispatcher(config -> config.executionPoolSize(1));
        TestJob waiting = new TestJob(
                JobOptions.builder()
                        .retryPolicy(retries(1, Duration.ofHours(1)))
                        .build(),
                failingTimes(1));
        dispatcher.dispatch(waiting, bus);
        recorder.awaitEvent(waiting.id(), JobRetryingEvent.class);

        TestJob other = new TestJob((j, e) -> "ran during the backoff");
        dispatcher.dispatch(other, bus);

        assertThat(assertEndedOnceWith(other.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("ran during the backoff");
        assertThat(dispatcher.registry().running(waiting.id()))
                .hasValueSatisfying(snapshot -> assertThat(snapshot.status()).isEqualTo(JobStatus.RETRYING));
        assertThat(waiting.calls).hasValue(1);
        assertThat(dispatcher.cancel(waiting.id())).isTrue();
        assertEndedOnceWith(waiting.id(), JobCancelledEvent.class);
    }

    static Stream<Arguments> throwingPredicates() {
        return Stream.of(
                Arguments.of("RuntimeException", (Predicate<Throwable>) error -> {
                    throw new IllegalStateException("predicate broke");
                }),
                Arguments.of("Error", (Predicate<Throwable>) error -> {
                    throw new AssertionError("predicate broke");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("throwingPredicates")
    void shouldRetryPredicateThatThrowsEndsTheJobAsAFailure(String kind, Predicate<Throwable> predicate) {
        Dispatcher dispatcher = dispatcher();
        RetryPolicy policy = RetryPolicy.from(retries(3, Duration.ofMillis(1)))
                .shouldRetry(predicate)
                .build();
        IOException original = new IOException("original");
        TestJob job = new TestJob(JobOptions.builder().retryPolicy(policy).build(), (j, e) -> {
            throw original;
        });

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.error()).isSameAs(original);
        assertThat(original.getSuppressed())
                .singleElement()
                .satisfies(suppressed -> assertThat(suppressed).hasMessage("predicate broke"));
        assertThat(recorder.eventsOf(job.id(), JobRetryingEvent.class)).isEmpty();
        assertThat(dispatcher.isRunning(job.id())).isFalse();
    }

    @Test
    void shouldRetryPredicateThatRethrowsTheErrorEndsTheJobAsAFailure() {
        Dispatcher dispatcher = dispatcher();
        RetryPolicy policy = RetryPolicy.from(retries(3, Duration.ofMillis(1)))
                .shouldRetry(error -> {
                    throw (IllegalStateException) error;
                })
                .build();
        IllegalStateException original = new IllegalStateException("original");
        TestJob job = new TestJob(JobOptions.builder().retryPolicy(policy).build(), (j, e) -> {
            throw original;
        });

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.error()).isSameAs(original);
        assertThat(recorder.eventsOf(job.id(), JobRetryingEvent.class)).isEmpty();
    }

    @Test
    void retryPolicyFromJobDefaultsAppliesWhenTheJobHasNone() {
        RetryPolicy defaults = retries(1, Duration.ofMillis(1));
        Dispatcher dispatcher = dispatcher(config -> config.jobDefaults(TestJob.class, JobDefaults.of(null, defaults)));
        TestJob job = new TestJob(failingTimes(1));

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(recorder.eventsOf(job.id(), JobRetryingEvent.class))
                .singleElement()
                .satisfies(retrying -> assertThat(retrying.maxRetries()).isEqualTo(1));
    }

    @Test
    void jobsOwnRetryPolicyWinsOverTheDefault() {
        RetryPolicy defaults = retries(3, Duration.ofMillis(1));
        Dispatcher dispatcher = dispatcher(config -> config.jobDefaults(TestJob.class, JobDefaults.of(null, defaults)));
        TestJob job =
                new TestJob(JobOptions.builder().retryPolicy(RetryPolicy.none()).build(), failingTimes(1));

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.wasRetried()).isFalse();
        assertThat(recorder.eventsOf(job.id(), JobRetryingEvent.class)).isEmpty();
        assertThat(job.calls).hasValue(1);
    }

    @Test
    void attemptsOfOneJobNeverOverlap() {
        Dispatcher dispatcher = dispatcher();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        TestJob job = new TestJob(
                JobOptions.builder().retryPolicy(retries(5, Duration.ZERO)).build(), (j, e) -> {
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        if (j.calls.get() <= 5) {
                            throw new IOException("again");
                        }
                        return "ok";
                    } finally {
                        inside.decrementAndGet();
                    }
                });

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        eventually().untilAsserted(() -> assertThat(job.calls).hasValue(6));
        assertThat(maxInside).hasValue(1);
    }
}
