package dev.orchestrator.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins contract point 2 (exactly one ending) and the error boundary of {@link BaseExecutor}. */
class ExecutorLifecycleTest extends JobTestBase {

    @Test
    void successEmitsStartedThenSuccessWithTheResult() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> "result");

        dispatcher.dispatch(job, bus);

        JobSuccessEvent success = (JobSuccessEvent) assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class, JobSuccessEvent.class);
        assertThat(success.data()).isEqualTo("result");
        assertThat(success.dataAs(String.class)).contains("result");
        assertThat(success.jobType()).isEqualTo(TestJob.class);
        assertThat(recorder.eventsOf(job.id(), JobStartedEvent.class).get(0).jobType())
                .isEqualTo(TestJob.class);
    }

    @Test
    void nullResultIsASuccessWithoutData() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> null);

        dispatcher.dispatch(job, bus);

        JobSuccessEvent success = (JobSuccessEvent) assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(success.data()).isNull();
        assertThat(success.dataAs(Object.class)).isEmpty();
    }

    @Test
    void exceptionEmitsStartedThenFailureNotRetried() {
        Dispatcher dispatcher = dispatcher();
        IllegalStateException boom = new IllegalStateException("boom");
        TestJob job = new TestJob((j, e) -> {
            throw boom;
        });

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class, JobFailureEvent.class);
        assertThat(failure.error()).isSameAs(boom);
        assertThat(failure.wasRetried()).isFalse();
        assertThat(failure.jobType()).isEqualTo(TestJob.class);
    }

    @Test
    void checkedExceptionBecomesAFailure() {
        Dispatcher dispatcher = dispatcher();
        IOException ioError = new IOException("disk gone");
        TestJob job = new TestJob((j, e) -> {
            throw ioError;
        });

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.error()).isSameAs(ioError);
        assertThat(failure.wasRetried()).isFalse();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("AssertionError", (Supplier<Error>) () -> new AssertionError("broken invariant")),
                Arguments.of("StackOverflowError", (Supplier<Error>) StackOverflowError::new),
                Arguments.of("ExceptionInInitializerError", (Supplier<Error>)
                        () -> new ExceptionInInitializerError("static init")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorThrownByProcessBecomesAFailureAndIsNeverRetried(String name, Supplier<Error> error) {
        Dispatcher dispatcher = dispatcher();
        Error thrown = error.get();
        RetryPolicy generous = RetryPolicy.custom()
                .maxRetries(3)
                .baseDelay(Duration.ofMillis(1))
                .build();
        TestJob job = new TestJob(JobOptions.builder().retryPolicy(generous).build(), (j, e) -> {
            throw thrown;
        });

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.error()).isSameAs(thrown);
        assertThat(failure.wasRetried()).isFalse();
        assertThat(recorder.eventsOf(job.id(), JobRetryingEvent.class)).isEmpty();
        assertThat(job.calls).hasValue(1);
        assertThat(dispatcher.registry().finished(job.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.FAILURE);
            assertThat(finished.error())
                    .hasValueSatisfying(summary -> assertThat(summary).contains(name));
        });
    }

    @Test
    void realStackOverflowInProcessIsContained() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> recurse(0));

        dispatcher.dispatch(job, bus);

        JobFailureEvent failure = (JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(failure.error()).isInstanceOf(StackOverflowError.class);
        assertThat(dispatcher.isRunning(job.id())).isFalse();
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
