package dev.orchestrator.orchestration;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.job.CircuitBreakerTrip;
import dev.orchestrator.job.JobRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loop protection of one orchestrator (seed 5.7): at most {@code limitFor(type)} events of one type
 * per one-second window are let through; beyond that the type is dropped for the rest of the window,
 * one error is logged and the trip is recorded. Other types are unaffected.
 *
 * <p>Not thread-safe on purpose: only the orchestrator's delivery (which is serial) calls it.
 */
final class CircuitBreaker {

    static final long WINDOW_MILLIS = 1_000;

    private final Supplier<String> owner;
    private final OrchestratorConfig config;
    private final JobRegistry registry;
    private final Clock clock;
    private final Map<Class<? extends BaseEvent>, Window> windows = new HashMap<>();

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
        Window window = windows.get(type);
        if (window == null) { // not computeIfAbsent: its lambda would capture now, one object per event
            window = new Window(now);
            windows.put(type, window);
        }
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

    private static final class Window {
        long start;
        int count;
        boolean tripped;

        Window(long start) {
            this.start = start;
        }
    }
}
