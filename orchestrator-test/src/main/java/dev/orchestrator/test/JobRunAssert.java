package dev.orchestrator.test;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.orchestration.JobOutcome;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions about one job's recorded events, in the words of the behaviour contract: it ended
 * exactly once, how, after which events, and nothing came after its ending. Made by
 * {@link RecorderAssert#job(String)}, which waits for the ending first. Not thread-safe (one test
 * thread); it reads a copy of the events taken when it was made.
 */
public final class JobRunAssert extends AbstractAssert<JobRunAssert, List<BaseEvent>> {

    private final String jobId;

    JobRunAssert(String jobId, List<BaseEvent> events) {
        super(List.copyOf(events), JobRunAssert.class);
        this.jobId = jobId;
    }

    private List<JobEvent> endings() {
        return actual.stream()
                .filter(JobEvent.class::isInstance)
                .map(JobEvent.class::cast)
                .filter(JobEvent::isTerminal)
                .collect(Collectors.toList());
    }

    private String seen() {
        return EventRecorder.describe(actual);
    }

    /**
     * Checks that exactly one terminal event was recorded for the job.
     *
     * @return this
     */
    public JobRunAssert endedOnce() {
        int count = endings().size();
        if (count != 1) {
            failWithMessage(
                    "Expected job '%s' to end exactly once, but it ended %d times; its events: %s",
                    jobId, count, seen());
        }
        return this;
    }

    /**
     * Checks that the job ended exactly once, with that outcome ({@link JobOutcome#TIMEOUT}: a
     * {@code JobTimeoutEvent} then a {@code JobFailureEvent}).
     *
     * @param outcome the expected outcome
     * @return this
     */
    public JobRunAssert endedWith(JobOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome must not be null");
        endedOnce();
        boolean timedOut = actual.stream().anyMatch(JobTimeoutEvent.class::isInstance);
        JobOutcome actualOutcome = EventRecorder.outcomeOf(endings().get(0), timedOut);
        if (actualOutcome != outcome) {
            failWithMessage(
                    "Expected job '%s' to end with %s, but it ended with %s; its events: %s",
                    jobId, outcome, actualOutcome, seen());
        }
        return this;
    }

    /** {@return this, after checking the job ended once, with a {@code JobSuccessEvent}} */
    public JobRunAssert succeeded() {
        return endedWith(JobOutcome.SUCCESS);
    }

    /** {@return this, after checking the job ended once, failed (not by its timeout)} */
    public JobRunAssert failed() {
        return endedWith(JobOutcome.FAILURE);
    }

    /** {@return this, after checking the job ended once, by its timeout} */
    public JobRunAssert timedOut() {
        return endedWith(JobOutcome.TIMEOUT);
    }

    /** {@return this, after checking the job ended once, cancelled} */
    public JobRunAssert wasCancelled() {
        return endedWith(JobOutcome.CANCELLED);
    }

    /**
     * Checks that the job succeeded with that result ({@link Objects#equals}).
     *
     * @param expected the expected result, {@code null} for none
     * @return this
     */
    public JobRunAssert succeededWith(@Nullable Object expected) {
        succeeded();
        Object data = ((JobSuccessEvent) endings().get(0)).data();
        if (!Objects.equals(data, expected)) {
            failWithMessage("Expected job '%s' to succeed with <%s>, but its result was <%s>", jobId, expected, data);
        }
        return this;
    }

    /**
     * Checks that the job ended once with a {@code JobFailureEvent} whose error is of that type
     * (a timeout's is a {@link java.util.concurrent.TimeoutException}).
     *
     * @param type the error type, subclasses included
     * @return this
     */
    public JobRunAssert failedWith(Class<? extends Throwable> type) {
        Objects.requireNonNull(type, "type must not be null");
        endedOnce();
        JobEvent ending = endings().get(0);
        if (!(ending instanceof JobFailureEvent failure)) {
            failWithMessage("Expected job '%s' to fail with %s, but it ended with %s", jobId, type.getName(), ending);
            return this;
        }
        if (!type.isInstance(failure.error())) {
            failWithMessage(
                    "Expected job '%s' to fail with %s, but its error was %s", jobId, type.getName(), failure.error());
        }
        return this;
    }

    /**
     * Checks that the job was retried exactly that many times (one {@code JobRetryingEvent} each).
     *
     * @param times how many retries, 0 for none
     * @return this
     */
    public JobRunAssert wasRetried(int times) {
        long retries =
                actual.stream().filter(JobRetryingEvent.class::isInstance).count();
        if (retries != times) {
            failWithMessage(
                    "Expected job '%s' to be retried %d times, but it was retried %d times; its events: %s",
                    jobId, times, retries, seen());
        }
        return this;
    }

    /**
     * Checks that the job's events are exactly of these types, in this order.
     *
     * @param types the event classes, in order
     * @return this
     */
    public JobRunAssert hasEventTypes(Class<?>... types) {
        List<Class<?>> actualTypes = actual.stream().map(Object::getClass).collect(Collectors.toList());
        if (!actualTypes.equals(Arrays.asList(types))) {
            failWithMessage(
                    "Expected the events of job '%s' to be %s, but they were %s",
                    jobId, names(Arrays.asList(types)), names(actualTypes));
        }
        return this;
    }

    /**
     * Checks that the job's events include events of these types in this order, others allowed in
     * between (a type matches its subclasses).
     *
     * @param types the event classes, in order
     * @return this
     */
    public JobRunAssert hasEventTypesInOrder(Class<?>... types) {
        int next = 0;
        for (BaseEvent event : actual) {
            if (next < types.length && types[next].isInstance(event)) {
                next++;
            }
        }
        if (next < types.length) {
            failWithMessage(
                    "Expected the events of job '%s' to include %s in this order, but they were %s",
                    jobId,
                    names(Arrays.asList(types)),
                    names(actual.stream().map(Object::getClass).collect(Collectors.toList())));
        }
        return this;
    }

    /**
     * Checks that no event of the job was recorded after its (first) terminal event.
     *
     * @return this
     */
    public JobRunAssert hasNothingAfterEnding() {
        for (int i = 0; i < actual.size(); i++) {
            if (actual.get(i) instanceof JobEvent event && event.isTerminal()) {
                if (i < actual.size() - 1) {
                    failWithMessage(
                            "Expected nothing of job '%s' after its ending %s, but recorded %s",
                            jobId, event, EventRecorder.describe(actual.subList(i + 1, actual.size())));
                }
                return this;
            }
        }
        failWithMessage("Expected job '%s' to have ended, but no ending was recorded; its events: %s", jobId, seen());
        return this;
    }

    /** {@return AssertJ's list assertions on the job's events, for anything else} */
    public ListAssert<BaseEvent> events() {
        return Assertions.assertThat(actual);
    }

    private static String names(List<Class<?>> types) {
        return types.stream().map(Class::getSimpleName).collect(Collectors.joining(", ", "[", "]"));
    }
}
