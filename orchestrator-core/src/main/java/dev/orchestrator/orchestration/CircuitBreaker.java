package dev.orchestrator.orchestration;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.job.CircuitBreakerTrip;
import dev.orchestrator.job.JobRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Loop protection of one orchestrator (seed 5.7): at most {@code limitFor(type)} events of one type
 * per one-second window are let through; beyond that the type is dropped for the rest of the window,
 * one error is logged and the trip is recorded. Other types are unaffected.
 *
 * <p>{@link #allow} is not thread-safe on purpose: only the orchestrator's delivery (which is serial)
 * calls it. {@link #admit} is called on emitting threads, before an event is queued: once a type has
 * tripped, it refuses that type for the rest of the window and admits only {@code limit + 1} of it in
 * the next one, so that a flood of one type never fills the orchestrator's queue and crowds out
 * other types (the bus would drop those once the queue is full).
 */
final class CircuitBreaker {

    static final long WINDOW_MILLIS = 1_000;

    private final Supplier<String> owner;
    private final OrchestratorConfig config;
    private final JobRegistry registry;
    private final Clock clock;
    private final Map<Class<? extends BaseEvent>, Window> windows = new HashMap<>();
    /** The last trip of each type that tripped; written by delivery, read by emitting threads. */
    private final Map<Class<? extends BaseEvent>, Gate> gates = new ConcurrentHashMap<>();

    /**
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
        Window window = windows.computeIfAbsent(type, t -> new Window(now));
        if (now - window.start >= WINDOW_MILLIS || now < window.start) {
            window.start = now;
            window.count = 0;
            window.tripped = false;
        }
        window.count++;
        int limit = config.limitFor(type);
        if (window.count <= limit) {
            return true;
        }
        if (!window.tripped) {
            window.tripped = true;
            gates.put(type, new Gate(window.start + WINDOW_MILLIS));
            String name = owner.get();
            CircuitBreakerTrip trip = new CircuitBreakerTrip(name, type, window.count, limit, clock.instant());
            try {
                config.logger().error("Circuit breaker of " + name + " tripped: more than " + limit + " "
                        + type.getSimpleName() + " events within one second (possible event loop); dropping "
                        + type.getSimpleName() + " for the rest of the second", null);
            } catch (RuntimeException ignored) {
                // a logger that throws is ignored (OrchestratorLogger SPI); the trip is still recorded
            }
            registry.recordTrip(trip);
        }
        return false;
    }

    /**
     * Whether to queue an event of this type, emitted now, for the orchestrator. Thread-safe. Refuses
     * only events the breaker would drop anyway: the rest of a tripped window, and in the window after
     * it whatever exceeds the {@code limit + 1} events that let the breaker handle its limit and trip
     * again (should the flood go on).
     */
    boolean admit(Class<? extends BaseEvent> type) {
        if (gates.isEmpty()) {
            return true;
        }
        Gate gate = gates.get(type);
        if (gate == null) {
            return true;
        }
        long now = clock.millis();
        if (now < gate.until - WINDOW_MILLIS || now >= gate.until + WINDOW_MILLIS) {
            return true; // the clock went back, or the trip is old: count afresh
        }
        if (now < gate.until) {
            return false;
        }
        return gate.admittedAfter.incrementAndGet() <= config.limitFor(type) + 1;
    }

    /** Where a trip ends, and how many events of its type were admitted since. */
    private static final class Gate {
        final long until;
        final AtomicInteger admittedAfter = new AtomicInteger();

        Gate(long until) {
            this.until = until;
        }
    }

    private static final class Window {
        long start;
        int count;
        boolean tripped;

        Window(long start) {
            this.start = start;
        }
    }
}
