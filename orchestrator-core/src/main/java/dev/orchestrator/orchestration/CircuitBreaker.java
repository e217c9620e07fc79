package dev.orchestrator.orchestration;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.logging.LogLevel;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Loop protection of one orchestrator: at most {@code limitFor(type)} events of one type
 * per one-second window are let through; beyond that the type is dropped for the rest of the window,
 * one error is logged and the trip is recorded. Other types are unaffected.
 *
 * <p>{@link #allow} is not thread-safe on purpose: only the orchestrator's delivery (which is serial)
 * calls it. {@link #admit} is called on emitting threads, before an event is queued: it counts each
 * type per one-second window of its own and refuses what exceeds {@code 2 × (limit + 1)}, so that a
 * flood of one type never fills the orchestrator's queue and crowds out other types (the bus would
 * drop those once the queue is full), however far behind delivery is.
 */
final class CircuitBreaker {

    static final long WINDOW_MILLIS = 1_000;

    private final Supplier<String> owner;
    private final OrchestratorConfig config;
    private final JobRegistry registry;
    private final Clock clock;
    private final Map<Class<? extends BaseEvent>, Window> windows = new HashMap<>();
    /** The emitting side's window of each type; written by emitting threads, read by delivery too. */
    private final Map<Class<? extends BaseEvent>, Gate> gates = new ConcurrentHashMap<>();
    /** The window {@link #allow} used last: most events in a row are of one type. Delivery thread only. */
    private @Nullable Window lastWindow;
    /** The gate {@link #admit} used last, by any emitting thread; a stale one is seen to be over. */
    private volatile @Nullable Gate lastGate;

    /**
     * Creates the breaker of one orchestrator.
     *
     * @param owner the orchestrator's name, read when a trip happens: a subclass may compute its
     *     {@code name()} from fields that are not yet set while the base constructor runs
     */
    CircuitBreaker(Supplier<String> owner, OrchestratorConfig config, JobRegistry registry) {
        this.owner = owner;
        this.config = config;
        this.registry = registry;
        this.clock = config.clock();
    }

    /** Counts one event of this type; {@code false} when it must be dropped. */
    boolean allow(Class<? extends BaseEvent> type) {
        long now = clock.millis();
        Window window = lastWindow;
        if (window == null || window.type != type) {
            window = windows.get(type);
            if (window == null) { // not computeIfAbsent: its lambda would capture now, one object per event
                window = new Window(type, config.limitFor(type), windowStart(type, now));
                windows.put(type, window);
            }
            lastWindow = window;
        }
        if (now - window.start >= WINDOW_MILLIS || now < window.start) {
            window.start = windowStart(type, now);
            window.count = 0;
            window.tripped = false;
        }
        window.count++;
        int limit = window.limit;
        if (window.count <= limit) {
            return true;
        }
        if (!window.tripped) {
            window.tripped = true;
            String name = owner.get();
            CircuitBreakerTrip trip = new CircuitBreakerTrip(name, type, window.count, limit, clock.instant());
            // a logger that throws is ignored: the trip is still recorded
            QuietLog.log(
                    config.logger(),
                    LogLevel.ERROR,
                    "Circuit breaker of " + name + " tripped: more than " + limit + " " + type.getSimpleName()
                            + " events within one second (possible event loop); dropping " + type.getSimpleName()
                            + " for the rest of the second",
                    null);
            registry.recordTrip(trip);
        }
        return false;
    }

    /**
     * Where a new window of the handlers starts: where the emitting side's current window started, if
     * it has one, so that both count the same second and a burst admitted at the start of an emitting
     * window trips the breaker in one window, however long its delivery took.
     */
    private long windowStart(Class<? extends BaseEvent> type, long now) {
        Gate gate = gates.get(type);
        return gate != null && !gate.isOver(now) ? gate.start : now;
    }

    /**
     * Whether to queue an event of this type, emitted now, for the orchestrator. Thread-safe. Admits at
     * most {@code 2 × (limit + 1)} events of a type per one-second window, counted when they are
     * emitted; {@link #allow} still decides which of them reach the handlers, in windows that start
     * with this one where it can. Why twice: events emitted late in a window may be delivered in the
     * handlers' next one; of twice the {@code limit + 1} events that trip the breaker, one of the (at
     * most two) handler windows they fall in gets enough to trip it, so a refused burst is always
     * recorded as a trip, never just silently refused.
     */
    boolean admit(Class<? extends BaseEvent> type) {
        long now = clock.millis();
        Gate gate = lastGate;
        if (gate == null || gate.type != type || gate.isOver(now)) {
            gate = gates.get(type);
            if (gate == null || gate.isOver(now)) {
                Gate fresh = new Gate(type, 2L * (config.limitFor(type) + 1L), now);
                gate = gates.merge(type, fresh, (current, next) -> current.isOver(now) ? next : current);
            }
            lastGate = gate;
        }
        return gate.admitted.incrementAndGet() <= gate.admitLimit;
    }

    /** One window of the emitting side: when it started and how many events it admitted. */
    private static final class Gate {
        final Class<? extends BaseEvent> type;
        /** {@code 2 × (limit + 1)} */
        final long admitLimit;

        final long start;
        final AtomicInteger admitted = new AtomicInteger();

        Gate(Class<? extends BaseEvent> type, long admitLimit, long start) {
            this.type = type;
            this.admitLimit = admitLimit;
            this.start = start;
        }

        boolean isOver(long now) {
            return now - start >= WINDOW_MILLIS || now < start; // a clock that went back starts a new window too
        }
    }

    private static final class Window {
        final Class<? extends BaseEvent> type;
        final int limit;
        long start;
        int count;
        boolean tripped;

        Window(Class<? extends BaseEvent> type, int limit, long start) {
            this.type = type;
            this.limit = limit;
            this.start = start;
        }
    }
}
