package dev.orchestrator.test;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.BaseJob;
import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions about one event: what kind of lifecycle event it is, and its data, correlation id,
 * error, progress or timeout. Made by {@link OrchestratorAssertions#assertThat(BaseEvent)}. Not
 * thread-safe (one test thread). Extends AssertJ's object assertions ({@code extracting},
 * {@code isEqualTo}, ...), so statically importing this class beside AssertJ's keeps them.
 */
public final class EventAssert extends AbstractObjectAssert<EventAssert, BaseEvent> {

    EventAssert(@Nullable BaseEvent actual) {
        super(actual, EventAssert.class);
    }

    private <E extends BaseEvent> E as(Class<E> type) {
        isNotNull();
        if (!type.isInstance(actual)) {
            failWithMessage("Expected a %s, but was %s", type.getSimpleName(), actual);
        }
        return type.cast(actual);
    }

    /** {@return this, after checking the event is a {@code JobSuccessEvent}} */
    public EventAssert isSuccess() {
        as(JobSuccessEvent.class);
        return this;
    }

    /** {@return this, after checking the event is a {@code JobFailureEvent}} */
    public EventAssert isFailure() {
        as(JobFailureEvent.class);
        return this;
    }

    /** {@return this, after checking the event is a {@code JobProgressEvent}} */
    public EventAssert isProgress() {
        as(JobProgressEvent.class);
        return this;
    }

    /** {@return this, after checking the event is a {@code JobCancelledEvent}} */
    public EventAssert isCancelled() {
        as(JobCancelledEvent.class);
        return this;
    }

    /** {@return this, after checking the event is a {@code JobTimeoutEvent}} */
    public EventAssert isTimeout() {
        as(JobTimeoutEvent.class);
        return this;
    }

    /**
     * Checks the event's correlation id (for a job's events, the job's id).
     *
     * @param correlationId the expected id
     * @return this
     */
    public EventAssert hasCorrelationId(String correlationId) {
        isNotNull();
        if (!actual.correlationId().equals(correlationId)) {
            failWithMessage(
                    "Expected correlation id '%s', but was '%s' in %s", correlationId, actual.correlationId(), actual);
        }
        return this;
    }

    /**
     * Checks that the event is about a job of that type.
     *
     * @param jobType the job class
     * @return this
     */
    public EventAssert isAboutJobType(Class<? extends BaseJob> jobType) {
        JobEvent event = as(JobEvent.class);
        if (event.jobType() != jobType) {
            failWithMessage(
                    "Expected an event about a %s, but it is about a %s: %s",
                    jobType.getSimpleName(), event.jobType().getSimpleName(), event);
        }
        return this;
    }

    /**
     * Checks that the event is a {@code JobSuccessEvent} with that result ({@link Objects#equals}).
     *
     * @param data the expected result, {@code null} for none
     * @return this
     */
    public EventAssert hasData(@Nullable Object data) {
        JobSuccessEvent success = as(JobSuccessEvent.class);
        if (!Objects.equals(success.data(), data)) {
            failWithMessage("Expected the result <%s>, but was <%s> in %s", data, success.data(), success);
        }
        return this;
    }

    /**
     * Checks that the event is a {@code JobFailureEvent} whose error is of that type.
     *
     * @param type the error type, subclasses included
     * @return this
     */
    public EventAssert hasError(Class<? extends Throwable> type) {
        JobFailureEvent failure = as(JobFailureEvent.class);
        if (!type.isInstance(failure.error())) {
            failWithMessage("Expected an error of type %s, but was %s", type.getName(), failure.error());
        }
        return this;
    }

    /**
     * Checks that the event is a {@code JobFailureEvent} whose error message contains the text.
     *
     * @param text the expected part of the message
     * @return this
     */
    public EventAssert hasErrorMessageContaining(String text) {
        JobFailureEvent failure = as(JobFailureEvent.class);
        String message = failure.error().getMessage();
        if (message == null || !message.contains(text)) {
            failWithMessage("Expected an error message containing '%s', but was '%s'", text, message);
        }
        return this;
    }

    /**
     * Checks that the event is a {@code JobProgressEvent} at that progress.
     *
     * @param progress the expected progress, 0.0 to 1.0
     * @return this
     */
    public EventAssert hasProgress(double progress) {
        JobProgressEvent event = as(JobProgressEvent.class);
        if (Double.compare(event.progress(), progress) != 0) {
            failWithMessage("Expected progress %s, but was %s in %s", progress, event.progress(), event);
        }
        return this;
    }

    /**
     * Checks that the event is a {@code JobProgressEvent} with that message.
     *
     * @param message the expected message
     * @return this
     */
    public EventAssert hasMessage(String message) {
        JobProgressEvent event = as(JobProgressEvent.class);
        if (!event.message().equals(java.util.Optional.of(message))) {
            failWithMessage(
                    "Expected the message '%s', but was %s in %s",
                    message, event.message().orElse("none"), event);
        }
        return this;
    }

    /**
     * Checks that the event is a {@code JobProgressEvent} at that step.
     *
     * @param currentStep the expected step
     * @param totalSteps the expected number of steps
     * @return this
     */
    public EventAssert hasStep(int currentStep, int totalSteps) {
        JobProgressEvent event = as(JobProgressEvent.class);
        if (event.currentStep().orElse(-1) != currentStep || event.totalSteps().orElse(-1) != totalSteps) {
            failWithMessage("Expected step %d of %d, but was %s", currentStep, totalSteps, event);
        }
        return this;
    }

    /**
     * Checks that the event is a {@code JobTimeoutEvent} for that timeout.
     *
     * @param timeout the expected timeout
     * @return this
     */
    public EventAssert hasTimeout(Duration timeout) {
        JobTimeoutEvent event = as(JobTimeoutEvent.class);
        if (!event.timeout().equals(timeout)) {
            failWithMessage("Expected a timeout of %s, but was %s", timeout, event.timeout());
        }
        return this;
    }
}
