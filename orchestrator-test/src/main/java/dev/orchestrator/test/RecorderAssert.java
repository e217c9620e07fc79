package dev.orchestrator.test;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.orchestration.JobHandle;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about what an {@link EventRecorder} recorded. Made by
 * {@link OrchestratorAssertions#assertThat(EventRecorder)}. Not thread-safe (one test thread).
 */
public final class RecorderAssert extends AbstractAssert<RecorderAssert, EventRecorder> {

    RecorderAssert(EventRecorder actual) {
        super(Objects.requireNonNull(actual, "recorder must not be null"), RecorderAssert.class);
    }

    /**
     * Waits for the job's ending (within the recorder's timeout) and, for a recorder made with
     * {@link EventRecorder#on}, until every event emitted to its bus so far has been recorded; then
     * returns assertions about the job's events.
     *
     * @param jobId the job's id
     * @return assertions about that job
     * @throws AssertionError when the job does not end within the timeout
     */
    public JobRunAssert job(String jobId) {
        Objects.requireNonNull(jobId, "jobId must not be null");
        actual.awaitEnding(jobId);
        if (actual.bus().isPresent()) {
            actual.flush();
        }
        return new JobRunAssert(jobId, actual.eventsOf(jobId));
    }

    /**
     * Same as {@link #job(String)} for the handle's job.
     *
     * @param handle the job's handle
     * @return assertions about that job
     */
    public JobRunAssert job(JobHandle<?> handle) {
        return job(handle.id());
    }

    /**
     * Checks that every job whose events were recorded ended exactly once, and that nothing of a
     * job was recorded after its ending.
     *
     * @return this
     */
    public RecorderAssert hasEveryJobEndedOnce() {
        isNotNull();
        List<String> ids = actual.events(JobEvent.class).stream()
                .map(BaseEvent::correlationId)
                .distinct()
                .collect(Collectors.toList());
        for (String id : ids) {
            new JobRunAssert(id, actual.eventsOf(id)).endedOnce().hasNothingAfterEnding();
        }
        return this;
    }

    /**
     * Checks that at least one event of that type, matching, was recorded (waiting for it within
     * the recorder's timeout).
     *
     * @param type the event type, subclasses included
     * @param matching what the event must satisfy
     * @param <E> the event type
     * @return this
     */
    public <E extends BaseEvent> RecorderAssert hasEvent(
            Class<E> type, java.util.function.Predicate<? super E> matching) {
        isNotNull();
        actual.awaitEvent(type, matching);
        return this;
    }

    /**
     * Checks that at least one event of that type was recorded (waiting for it within the
     * recorder's timeout).
     *
     * @param type the event type, subclasses included
     * @return this
     */
    public RecorderAssert hasEvent(Class<? extends BaseEvent> type) {
        isNotNull();
        actual.awaitEvent(type);
        return this;
    }

    /**
     * Checks that exactly {@code count} events of that type were recorded once every event emitted
     * so far has arrived (for a recorder made with {@link EventRecorder#on}).
     *
     * @param type the event type, subclasses included
     * @param count how many
     * @return this
     */
    public RecorderAssert hasEvents(Class<? extends BaseEvent> type, int count) {
        isNotNull();
        if (actual.bus().isPresent()) {
            actual.flush();
        }
        List<? extends BaseEvent> found = actual.events(type);
        if (found.size() != count) {
            failWithMessage(
                    "Expected %d %s, but recorded %d: %s",
                    count, type.getSimpleName(), found.size(), EventRecorder.describe(found));
        }
        return this;
    }

    /**
     * Checks that no event of that type was recorded.
     *
     * @param type the event type, subclasses included
     * @return this
     */
    public RecorderAssert hasNo(Class<? extends BaseEvent> type) {
        isNotNull();
        List<? extends BaseEvent> found = actual.events(type);
        if (!found.isEmpty()) {
            failWithMessage("Expected no %s, but recorded %s", type.getSimpleName(), EventRecorder.describe(found));
        }
        return this;
    }
}
