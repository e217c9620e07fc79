package dev.orchestrator.orchestration;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.logging.LogLevel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 *
 * <p><b>The clock, read near the end of a window only.</b> Reading the clock costs more than the rest
 * of the check, so with a timer (the dispatcher's, when the configuration's clock is the system
 * clock) a busy window does not read it for every event: after {@value #END_HINT_AFTER} events the
 * window asks the timer to tell it when its end is {@value #END_MARGIN_MILLIS} ms away, and reads the
 * clock for every event from then on, as it does before that and always without a timer (a test's
 * virtual clock). An event that would be dropped or refused always reads the clock first. So each
 * window still ends exactly one second after it started and lets exactly the limit through; only a
 * timer more than {@value #END_MARGIN_MILLIS} ms late (a stalled timer thread, a given scheduler that
 * does not run in real time, one shut down) would let a window run past its second until the clock is
 * read, which then happens at the latest at the window's {@value #CLOCK_EVERY}th next event or when its
 * limit is reached: the type is never held back by a late timer, and a window overruns its second by
 * fewer than {@value #CLOCK_EVERY} events. The fast path serves a stream of one type at a time (the
 * type last seen); events of interleaved types read the clock, as before.
 */
final class CircuitBreaker {

    static final long WINDOW_MILLIS = 1_000;

    /** How long before a window's end its events read the clock again. */
    static final long END_MARGIN_MILLIS = 100;

    /**
     * Events of one window, each of which reads the clock, before the window asks the timer for a
     * hint: a type that is rare costs the timer nothing.
     */
    static final int END_HINT_AFTER = 16;

    /**
     * Every {@value}th event of a window reads the clock even far from its end, so that a hint that
     * never comes (a given scheduler that does not run in real time, a timer shut down or late) lets a
     * window run past its second by fewer than this many events.
     */
    static final int CLOCK_EVERY = 64;

    private static final int CLOCK_MASK = CLOCK_EVERY - 1;

    private final Supplier<String> owner;
    private final OrchestratorConfig config;
    private final JobRegistry registry;
    private final Clock clock;
    /** Tells windows that their end is near; {@code null}: every event reads the clock. */
    private final @Nullable ScheduledExecutorService endTimer;

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
     * @param endTimer runs the hints that a window's end is near, in the time of the configuration's
     *     clock; {@code null} to read the clock for every event
     */
    CircuitBreaker(
            Supplier<String> owner,
            OrchestratorConfig config,
            JobRegistry registry,
            @Nullable ScheduledExecutorService endTimer) {
        this.owner = owner;
        this.config = config;
        this.registry = registry;
        this.clock = config.clock();
        this.endTimer = endTimer;
    }

    /** Counts one event of this type; {@code false} when it must be dropped. */
    boolean allow(Class<? extends BaseEvent> type) {
        Window window = lastWindow;
        if (window == null || window.type != type) {
            window = windows.get(type);
            if (window == null) {
                return allowNew(type);
            }
            lastWindow = window;
        }
        if (window.count < window.limit
                && !window.end.near
                && (window.count & CLOCK_MASK) != CLOCK_MASK) { // far from its end and from its limit
            window.count++;
            return true;
        }
        return allowAt(window, clock.millis());
    }

    private boolean allowNew(Class<? extends BaseEvent> type) {
        long now = clock.millis();
        Window window = new Window(type, config.limitFor(type), windowStart(type, now));
        windows.put(type, window);
        lastWindow = window;
        return allowAt(window, now);
    }

    private boolean allowAt(Window window, long now) {
        Class<? extends BaseEvent> type = window.type;
        if (now - window.start >= WINDOW_MILLIS || now < window.start) {
            window.start = windowStart(type, now);
            window.count = 0;
            window.tripped = false;
            window.end = EndHint.NEAR;
        }
        window.count++;
        int limit = window.limit;
        if (window.count <= limit) {
            if (window.count == END_HINT_AFTER && window.end == EndHint.NEAR) {
                window.end = hintEnd(window.start, now);
            }
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
        Gate gate = lastGate;
        if (gate != null && gate.type == type && !gate.end.near) { // far from its end: no clock needed
            long count = gate.count();
            if (count <= gate.admitLimit && (count & CLOCK_MASK) != 0) {
                return true;
            }
            // refused only once the clock says that the window is not over; and every CLOCK_EVERY-th event
            long now = clock.millis();
            return gate.isOver(now) ? admitAt(type, now) : count <= gate.admitLimit;
        }
        return admitAt(type, clock.millis());
    }

    private boolean admitAt(Class<? extends BaseEvent> type, long now) {
        Gate gate = lastGate;
        if (gate == null || gate.type != type || gate.isOver(now)) {
            gate = gates.get(type);
            if (gate == null || gate.isOver(now)) {
                Gate fresh = new Gate(type, 2L * (config.limitFor(type) + 1L), now);
                gate = gates.merge(type, fresh, (current, next) -> current.isOver(now) ? next : current);
            }
            lastGate = gate;
        }
        long count = gate.count();
        if (count == END_HINT_AFTER && gate.end == EndHint.NEAR) { // one emitter sees exactly this count
            gate.end = hintEnd(gate.start, now);
        }
        return count <= gate.admitLimit;
    }

    /**
     * A hint that becomes near {@value #END_MARGIN_MILLIS} ms before the window that started at
     * {@code start} ends, or {@link EndHint#NEAR} when that is now or no timer can tell.
     */
    private EndHint hintEnd(long start, long now) {
        long delay = start + WINDOW_MILLIS - END_MARGIN_MILLIS - now;
        ScheduledExecutorService timer = endTimer;
        if (timer == null || delay <= 0) {
            return EndHint.NEAR;
        }
        EndHint hint = new EndHint();
        try {
            timer.schedule(hint, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ex) { // a timer that was shut down: read the clock each time
            return EndHint.NEAR;
        }
        return hint;
    }

    /**
     * Whether a window's end is near; made near by the timer. Until then an event within the window's
     * limit needs no clock.
     */
    static final class EndHint implements Runnable {
        /** Read the clock for every event: a young window, or no timer. */
        static final EndHint NEAR = new EndHint();

        static {
            NEAR.near = true;
        }

        volatile boolean near;

        @Override
        public void run() {
            near = true;
        }
    }

    /** One window of the emitting side: when it started and how many events it admitted. */
    private static final class Gate {
        private static final VarHandle ADMITTED;

        static {
            try {
                ADMITTED = MethodHandles.lookup().findVarHandle(Gate.class, "admitted", long.class);
            } catch (ReflectiveOperationException ex) {
                throw new ExceptionInInitializerError(ex);
            }
        }

        final Class<? extends BaseEvent> type;
        /** {@code 2 × (limit + 1)} */
        final long admitLimit;

        final long start;

        @SuppressWarnings("unused") // through ADMITTED
        private volatile long admitted;

        /** Written once, by the emitter whose event was the {@value #END_HINT_AFTER}th. */
        volatile EndHint end = EndHint.NEAR;

        Gate(Class<? extends BaseEvent> type, long admitLimit, long start) {
            this.type = type;
            this.admitLimit = admitLimit;
            this.start = start;
        }

        /** Counts one more event; {@return how many events this window counted with it} */
        long count() {
            return (long) ADMITTED.getAndAdd(this, 1L) + 1;
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
        EndHint end = EndHint.NEAR;

        Window(Class<? extends BaseEvent> type, int limit, long start) {
            this.type = type;
            this.limit = limit;
            this.start = start;
        }
    }
}
