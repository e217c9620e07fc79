package dev.orchestrator.test;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.orchestration.JobOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Records the events of a bus, in the order the bus delivered them, and waits for what a test
 * expects without sleeping: a job's ending, an event, every event emitted so far.
 *
 * <pre>{@code
 * try (EventRecorder events = EventRecorder.on(bus)) {
 *     String id = dispatcher.dispatch(new ReportJob("q3"), bus);
 *     events.awaitEnding(id);
 *     assertThat(events).job(id).succeeded().hasNothingAfterEnding();
 * }
 * }</pre>
 *
 * <p>Waits give up after the recorder's {@linkplain #within timeout} (10 s unless set) with an
 * {@link AssertionError} that lists what was recorded. A recorder made with {@link #create()} is a
 * plain {@code Consumer<BaseEvent>} to subscribe yourself (for example with a type filter); then
 * {@link #flush()} and {@link #awaitIdle()} are not available.
 *
 * <p>Thread-safe: the bus's delivery threads record while the test thread reads and waits. Every
 * list returned is a copy.
 */
public final class EventRecorder implements Consumer<BaseEvent>, AutoCloseable {

    /** How long waits take at most unless {@link #within} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Object lock = new Object();
    private final List<BaseEvent> events = new ArrayList<>();
    /** The same events by correlation id, so that reading one job's events does not scan them all. */
    private final Map<String, List<BaseEvent>> byCorrelationId = new HashMap<>();

    private final @Nullable SignalBus bus;
    private final @Nullable Subscription subscription;
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    private EventRecorder(@Nullable SignalBus bus) {
        this.bus = bus;
        this.subscription = bus != null ? bus.subscribe(this) : null;
    }

    /**
     * Creates a recorder subscribed to every event of {@code bus}, from now on.
     *
     * @param bus the bus to record, not {@code null}
     * @return a new recorder; {@link #close()} unsubscribes it
     */
    public static EventRecorder on(SignalBus bus) {
        return new EventRecorder(Objects.requireNonNull(bus, "bus must not be null"));
    }

    /**
     * Creates a recorder that is not subscribed anywhere: pass it to a bus's {@code subscribe}
     * yourself (with a type filter, say).
     *
     * @return a new recorder
     */
    public static EventRecorder create() {
        return new EventRecorder(null);
    }

    /**
     * Sets how long this recorder's waits take at most.
     *
     * @param timeout the longest wait, positive
     * @return this recorder
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public EventRecorder within(Duration timeout) {
        this.timeout = Waits.positive(timeout);
        return this;
    }

    /** {@return how long this recorder's waits take at most} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return the recorded bus; empty for a recorder made with {@link #create()}} */
    public Optional<SignalBus> bus() {
        return Optional.ofNullable(bus);
    }

    /**
     * Records one event; called by the bus.
     *
     * @param event the event delivered
     */
    @Override
    public void accept(BaseEvent event) {
        synchronized (lock) {
            events.add(event);
            byCorrelationId
                    .computeIfAbsent(event.correlationId(), id -> new ArrayList<>())
                    .add(event);
            lock.notifyAll();
        }
    }

    /** {@return every event recorded so far, in delivery order} */
    public List<BaseEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /**
     * {@return the events of that type recorded so far, in delivery order}
     *
     * @param type the event type, subclasses included
     * @param <E> the event type
     */
    public <E extends BaseEvent> List<E> events(Class<E> type) {
        Objects.requireNonNull(type, "type must not be null");
        return events().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /**
     * {@return the events with that correlation id (for a job, its id) recorded so far, in delivery order}
     *
     * @param correlationId the correlation id, for a job's events the job's id
     */
    public List<BaseEvent> eventsOf(String correlationId) {
        Objects.requireNonNull(correlationId, "correlationId must not be null");
        synchronized (lock) {
            return List.copyOf(byCorrelationId.getOrDefault(correlationId, List.of()));
        }
    }

    /**
     * {@return the events of that type and correlation id recorded so far, in delivery order}
     *
     * @param correlationId the correlation id, for a job's events the job's id
     * @param type the event type, subclasses included
     * @param <E> the event type
     */
    public <E extends BaseEvent> List<E> eventsOf(String correlationId, Class<E> type) {
        Objects.requireNonNull(type, "type must not be null");
        return eventsOf(correlationId).stream()
                .filter(type::isInstance)
                .map(type::cast)
                .collect(Collectors.toList());
    }

    /**
     * {@return the classes of the events with that correlation id, in delivery order}
     *
     * @param correlationId the correlation id, for a job's events the job's id
     */
    public List<Class<?>> typesOf(String correlationId) {
        return eventsOf(correlationId).stream().map(Object::getClass).collect(Collectors.toList());
    }

    /**
     * {@return the terminal events recorded for a job; exactly one once it ended}
     *
     * @param jobId the job's id
     */
    public List<JobEvent> endings(String jobId) {
        return eventsOf(jobId, JobEvent.class).stream()
                .filter(JobEvent::isTerminal)
                .collect(Collectors.toList());
    }

    /**
     * {@return how the job ended, read from its recorded events; empty while no ending was recorded}
     * A {@code JobFailureEvent} after a {@code JobTimeoutEvent} is a {@link JobOutcome#TIMEOUT}.
     *
     * @param jobId the job's id
     */
    public Optional<JobOutcome> outcome(String jobId) {
        List<JobEvent> endings = endings(jobId);
        if (endings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(outcomeOf(
                endings.get(0), !eventsOf(jobId, JobTimeoutEvent.class).isEmpty()));
    }

    static JobOutcome outcomeOf(JobEvent ending, boolean timedOut) {
        if (ending instanceof JobSuccessEvent) {
            return JobOutcome.SUCCESS;
        }
        if (ending instanceof JobCancelledEvent) {
            return JobOutcome.CANCELLED;
        }
        return timedOut ? JobOutcome.TIMEOUT : JobOutcome.FAILURE;
    }

    /**
     * Waits until the job's terminal event has been recorded.
     *
     * @param jobId the job's id
     * @return its terminal event ({@code JobSuccessEvent}, {@code JobFailureEvent} or {@code JobCancelledEvent})
     * @throws AssertionError when it is not recorded within the timeout
     */
    public JobEvent awaitEnding(String jobId) {
        Objects.requireNonNull(jobId, "jobId must not be null");
        await(() -> !endings(jobId).isEmpty(), () -> "the ending of job '" + jobId + "'", jobId);
        return endings(jobId).get(0);
    }

    /**
     * Waits until the job's terminal event has been recorded.
     *
     * @param handle the job's handle
     * @return its terminal event
     * @throws AssertionError when it is not recorded within the timeout
     */
    public JobEvent awaitEnding(JobHandle<?> handle) {
        return awaitEnding(handle.id());
    }

    /**
     * Waits until an event of that type has been recorded.
     *
     * @param type the event type, subclasses included
     * @param <E> the event type
     * @return the first such event
     * @throws AssertionError when none is recorded within the timeout
     */
    public <E extends BaseEvent> E awaitEvent(Class<E> type) {
        return awaitEvent(type, e -> true);
    }

    /**
     * Waits until an event of that type with that correlation id has been recorded.
     *
     * @param correlationId the correlation id, for a job's events the job's id
     * @param type the event type, subclasses included
     * @param <E> the event type
     * @return the first such event
     * @throws AssertionError when none is recorded within the timeout
     */
    public <E extends BaseEvent> E awaitEvent(String correlationId, Class<E> type) {
        return awaitEvent(correlationId, type, timeout);
    }

    /**
     * Waits at most {@code atMost}, instead of the recorder's {@linkplain #within timeout}, until an
     * event of that type with that correlation id has been recorded: for a test that pins how soon
     * it must come (a cancelled job's {@code JobCancelledEvent} within a second, say).
     *
     * @param correlationId the correlation id, for a job's events the job's id
     * @param type the event type, subclasses included
     * @param atMost the longest wait, positive
     * @param <E> the event type
     * @return the first such event
     * @throws AssertionError when none is recorded within {@code atMost}
     * @throws IllegalArgumentException when {@code atMost} is zero or negative
     */
    public <E extends BaseEvent> E awaitEvent(String correlationId, Class<E> type, Duration atMost) {
        Objects.requireNonNull(correlationId, "correlationId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        await(
                Waits.positive(atMost),
                () -> !eventsOf(correlationId, type).isEmpty(),
                () -> "a " + type.getSimpleName() + " of '" + correlationId + "'",
                correlationId);
        return eventsOf(correlationId, type).get(0);
    }

    /**
     * Waits until an event of that type that matches has been recorded.
     *
     * @param type the event type, subclasses included
     * @param matching what the event must satisfy
     * @param <E> the event type
     * @return the first such event
     * @throws AssertionError when none is recorded within the timeout
     */
    public <E extends BaseEvent> E awaitEvent(Class<E> type, Predicate<? super E> matching) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(matching, "matching must not be null");
        await(() -> events(type).stream().anyMatch(matching), () -> "a matching " + type.getSimpleName(), null);
        return events(type).stream().filter(matching).findFirst().orElseThrow();
    }

    /**
     * Waits for the next event of that type: one recorded after this call.
     *
     * @param type the event type, subclasses included
     * @param <E> the event type
     * @return that event
     * @throws AssertionError when none is recorded within the timeout
     */
    public <E extends BaseEvent> E awaitNext(Class<E> type) {
        Objects.requireNonNull(type, "type must not be null");
        int seen = events(type).size();
        await(() -> events(type).size() > seen, () -> "the next " + type.getSimpleName(), null);
        return events(type).get(seen);
    }

    /**
     * Waits until at least {@code count} events of that type have been recorded.
     *
     * @param type the event type, subclasses included
     * @param count how many, at least 1
     * @param <E> the event type
     * @return the events of that type recorded by then
     * @throws AssertionError when fewer are recorded within the timeout
     */
    public <E extends BaseEvent> List<E> awaitEvents(Class<E> type, int count) {
        Objects.requireNonNull(type, "type must not be null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        await(() -> events(type).size() >= count, () -> count + " events of type " + type.getSimpleName(), null);
        return events(type);
    }

    /**
     * Waits until this recorder has received every event emitted to its bus so far: until nothing
     * waits for it in its queue and it is not handling one (see
     * {@link SignalBus#awaitIdle(Subscription, Duration)}). Nothing is emitted, so other subscribers
     * see nothing of it. Events emitted while waiting count too: on a bus that never falls quiet for
     * this recorder it fails at the timeout.
     *
     * @return this recorder
     * @throws IllegalStateException for a recorder made with {@link #create()}
     * @throws AssertionError when it is still receiving events at the timeout
     */
    public EventRecorder flush() {
        return awaitIdle();
    }

    /**
     * Waits until this recorder has handled every event its bus has admitted for it, including
     * events emitted while waiting; the same as {@link #flush()}.
     *
     * @return this recorder
     * @throws IllegalStateException for a recorder made with {@link #create()}
     * @throws AssertionError when it is not idle within the timeout
     */
    public EventRecorder awaitIdle() {
        SignalBus recorded = requireBus("awaitIdle");
        Subscription own = Objects.requireNonNull(subscription, "subscription");
        boolean idle;
        try {
            idle = recorded.awaitIdle(own, timeout);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the recorder to become idle", ex);
        }
        if (!idle) {
            throw new AssertionError("the recorder of bus '" + recorded.name() + "' was still busy after " + timeout);
        }
        return this;
    }

    /**
     * Waits until every subscriber of the recorded bus has handled every event emitted so far (see
     * {@link SignalBus#awaitIdle(Duration)}): the orchestrators on it have reacted.
     *
     * @return this recorder
     * @throws IllegalStateException for a recorder made with {@link #create()}
     * @throws AssertionError when the bus is not idle within the timeout
     */
    public EventRecorder awaitBusIdle() {
        SignalBus recorded = requireBus("awaitBusIdle");
        boolean idle;
        try {
            idle = recorded.awaitIdle(timeout);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for bus '" + recorded.name() + "' to become idle", ex);
        }
        if (!idle) {
            throw new AssertionError("bus '" + recorded.name() + "' was still busy after " + timeout);
        }
        return this;
    }

    /** Forgets every event recorded so far. */
    public void clear() {
        synchronized (lock) {
            events.clear();
            byCorrelationId.clear();
        }
    }

    /** Unsubscribes from the bus; what was recorded stays readable. Idempotent. */
    @Override
    public void close() {
        if (subscription != null) {
            subscription.unsubscribe();
        }
    }

    @Override
    public String toString() {
        return "EventRecorder[bus=" + (bus != null ? bus.name() : "-") + ", events=" + events().size() + "]";
    }

    private SignalBus requireBus(String operation) {
        if (bus == null) {
            throw new IllegalStateException(operation + " needs a recorder made with EventRecorder.on(bus);"
                    + " this one was made with create() and subscribed by hand");
        }
        return bus;
    }

    private void await(
            java.util.function.BooleanSupplier condition,
            java.util.function.Supplier<String> what,
            @Nullable String correlationId) {
        await(timeout, condition, what, correlationId);
    }

    private void await(
            Duration atMost,
            java.util.function.BooleanSupplier condition,
            java.util.function.Supplier<String> what,
            @Nullable String correlationId) {
        Waits.until(
                lock,
                condition,
                atMost,
                () -> "Waited " + atMost + " for " + what.get() + "; recorded "
                        + (correlationId != null ? "for it" : "in all") + ": "
                        + describe(correlationId != null ? eventsOf(correlationId) : events()));
    }

    static String describe(List<? extends BaseEvent> events) {
        if (events.isEmpty()) {
            return "nothing";
        }
        int shown = Math.min(events.size(), 50);
        String list = events.subList(0, shown).stream().map(BaseEvent::toString).collect(Collectors.joining(", "));
        return "[" + list + (events.size() > shown ? ", ... " + (events.size() - shown) + " more" : "") + "]";
    }
}
