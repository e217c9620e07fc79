package dev.orchestrator.event;

import dev.orchestrator.logging.LogText;
import java.time.Instant;
import java.util.Objects;

/**
 * Base of every event on a {@link dev.orchestrator.bus.SignalBus}: a correlation id (the id of the
 * job it is about, or any id that ties related events together) and the time it was created.
 *
 * <p>Define domain events by extending this class; keep them immutable, as the framework's own
 * events are, since one event instance is delivered to many subscribers on different threads.
 */
public abstract class BaseEvent {

    private final String correlationId;
    private final Instant timestamp;
    private final int chainDepth;

    /**
     * Creates an event stamped with the current time.
     *
     * @param correlationId the id that ties this event to a job or a conversation, not {@code null}
     */
    protected BaseEvent(String correlationId) {
        this(correlationId, Instant.now());
    }

    /**
     * Creates an event with an explicit time.
     *
     * @param correlationId the id that ties this event to a job or a conversation, not {@code null}
     * @param timestamp when the event happened, not {@code null}
     */
    protected BaseEvent(String correlationId, Instant timestamp) {
        this.correlationId = Objects.requireNonNull(correlationId, "correlationId must not be null");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp must not be null");
        this.chainDepth = EventChain.currentDepth();
    }

    /** A copy of another event: same correlation id, time and chain depth. */
    BaseEvent(BaseEvent original) {
        this.correlationId = original.correlationId;
        this.timestamp = original.timestamp;
        this.chainDepth = original.chainDepth;
    }

    /** {@return the correlation id, never {@code null}} */
    public final String correlationId() {
        return correlationId;
    }

    /** {@return when the event was created, never {@code null}} */
    public final Instant timestamp() {
        return timestamp;
    }

    /**
     * {@return how many handler reactions led to this event} 0 for an event created outside any
     * orchestrator handler (a request thread, a scheduler) and for the events of a job dispatched
     * there; {@code n + 1} for an event created, or a job dispatched, while an orchestrator handled an
     * event of depth {@code n}. The circuit breakers use it to tell loops from load; see
     * {@link EventChain}.
     */
    public final int chainDepth() {
        return chainDepth;
    }

    @Override
    public String toString() {
        String details = describe();
        return getClass().getSimpleName() + "[correlationId=" + correlationId
                + (details.isEmpty() ? "" : ", " + details) + "]";
    }

    /**
     * Names this event for a log line: its type and quoted correlation id, never its content (see
     * {@link LogText}). The framework's log lines name events this way; {@link #toString()} shows
     * the content and is meant for debugging.
     *
     * @return for example {@code UserLoggedInEvent[correlationId='42']}
     */
    public String logName() {
        return LogText.named(getClass(), "correlationId", correlationId);
    }

    /**
     * The event's own fields for {@link #toString()}, as {@code name=value} pairs separated by
     * {@code ", "}; empty by default.
     *
     * @return the fields, never {@code null}
     */
    protected String describe() {
        return "";
    }
}
