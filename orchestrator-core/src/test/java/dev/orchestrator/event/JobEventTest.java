package dev.orchestrator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.job.BaseJob;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins the lifecycle events of DESIGN "Core concepts" and contract point 2: each carries correlation id, timestamp and job type, is immutable, and only success, failure and cancelled are terminal. */
class JobEventTest {

    static final class UploadJob extends BaseJob {}

    static Stream<Arguments> lifecycleEvents() {
        return Stream.of(
                event("started", false, (id, type) -> new JobStartedEvent(id, type)),
                event("progress", false, (id, type) -> new JobProgressEvent(id, type, 0.5, "half", 1, 2)),
                event(
                        "retrying",
                        false,
                        (id, type) ->
                                new JobRetryingEvent(id, type, 1, 3, new RuntimeException("x"), Duration.ofMillis(5))),
                event("timeout", false, (id, type) -> new JobTimeoutEvent(id, type, Duration.ofSeconds(2))),
                event("success", true, (id, type) -> new JobSuccessEvent(id, type, "done")),
                event("failure", true, (id, type) -> new JobFailureEvent(id, type, new IllegalStateException("x"), 1)),
                event("cancelled", true, (id, type) -> new JobCancelledEvent(id, type)));
    }

    private static Arguments event(
            String name, boolean terminal, BiFunction<String, Class<? extends BaseJob>, JobEvent> factory) {
        return Arguments.of(name, terminal, factory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycleEvents")
    void carriesCorrelationIdTimestampAndJobType(
            String name, boolean terminal, BiFunction<String, Class<? extends BaseJob>, JobEvent> factory) {
        Instant before = Instant.now();
        JobEvent event = factory.apply("job-42", UploadJob.class);
        Instant after = Instant.now();

        assertThat(event).isInstanceOf(BaseEvent.class);
        assertThat(event.correlationId()).isEqualTo("job-42");
        assertThat(event.timestamp()).isBetween(before, after);
        assertThat(event.jobType()).isEqualTo(UploadJob.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycleEvents")
    void onlySuccessFailureAndCancelledAreTerminal(
            String name, boolean terminal, BiFunction<String, Class<? extends BaseJob>, JobEvent> factory) {
        assertThat(factory.apply("job", UploadJob.class).isTerminal()).isEqualTo(terminal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycleEvents")
    void toStringNamesTheEventTheCorrelationIdAndTheJobType(
            String name, boolean terminal, BiFunction<String, Class<? extends BaseJob>, JobEvent> factory) {
        JobEvent event = factory.apply("job-7", UploadJob.class);

        assertThat(event.toString())
                .startsWith(event.getClass().getSimpleName() + "[correlationId=job-7, jobType=UploadJob")
                .endsWith("]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycleEvents")
    void isImmutableFinalClassWithOnlyFinalFields(
            String name, boolean terminal, BiFunction<String, Class<? extends BaseJob>, JobEvent> factory) {
        Class<?> type = factory.apply("job", UploadJob.class).getClass();

        assertThat(Modifier.isFinal(type.getModifiers()))
                .as("%s is final", type.getSimpleName())
                .isTrue();
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!field.isSynthetic()) {
                    assertThat(Modifier.isFinal(field.getModifiers()))
                            .as("%s.%s is final", c.getSimpleName(), field.getName())
                            .isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycleEvents")
    void nullJobTypeOrCorrelationIdIsRejectedNamingIt(
            String name, boolean terminal, BiFunction<String, Class<? extends BaseJob>, JobEvent> factory) {
        assertThatThrownBy(() -> factory.apply("job", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("jobType");
        assertThatThrownBy(() -> factory.apply(null, UploadJob.class))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("correlationId");
    }

    @Test
    void failureCarriesItsErrorAndWhetherItWasRetried() {
        TimeoutException error = new TimeoutException("too slow");

        JobFailureEvent event = new JobFailureEvent("job", UploadJob.class, error, 2);

        assertThat(event.error()).isSameAs(error);
        assertThat(event.wasRetried()).isTrue();
        assertThat(new JobFailureEvent("job", UploadJob.class, error, 1).wasRetried())
                .isFalse();
        assertThat(event.toString()).contains("error=java.util.concurrent.TimeoutException: too slow", "attempts=2");
        assertThat(event.attempts()).isEqualTo(2);
    }

    @Test
    void failureRejectsANullError() {
        assertThatThrownBy(() -> new JobFailureEvent("job", UploadJob.class, null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("error");
    }

    @Test
    void timeoutCarriesTheAllowedTime() {
        JobTimeoutEvent event = new JobTimeoutEvent("job", UploadJob.class, Duration.ofMillis(1500));

        assertThat(event.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(event).hasToString("JobTimeoutEvent[correlationId=job, jobType=UploadJob, timeout=PT1.5S]");
    }

    @Test
    void timeoutRejectsANullZeroOrNegativeTimeNamingIt() {
        assertThatThrownBy(() -> new JobTimeoutEvent("job", UploadJob.class, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new JobTimeoutEvent("job", UploadJob.class, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> new JobTimeoutEvent("job", UploadJob.class, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("PT0S");
    }

    @Test
    void startedAndCancelledToStringHaveNoExtraFields() {
        assertThat(new JobStartedEvent("a", UploadJob.class))
                .hasToString("JobStartedEvent[correlationId=a, jobType=UploadJob]");
        assertThat(new JobCancelledEvent("b", UploadJob.class))
                .hasToString("JobCancelledEvent[correlationId=b, jobType=UploadJob]");
    }
}
