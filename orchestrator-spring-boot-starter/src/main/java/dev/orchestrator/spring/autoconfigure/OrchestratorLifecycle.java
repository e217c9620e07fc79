package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.orchestration.Dispatcher;
import java.time.Duration;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Graceful shutdown of the engine: when the context closes (or is explicitly stopped), new
 * dispatches fail with a clear exception, running jobs get the grace period to finish, and the rest
 * are cancelled, each still emitting its terminal event, which the buses then get up to one more
 * second to deliver (so that orchestrators see it before they are closed). Stops after the web
 * server (a lower phase), so that requests in flight can still dispatch. The engine's thread pools
 * run timeouts, retries and deliveries until it is over; the context destroys them afterwards.
 *
 * <p>{@link #stop(Runnable)} returns at once and calls back when the shutdown is over; pausing the
 * context leaves the engine running; Spring waits for this phase as long as the grace period needs
 * (see {@link GracefulShutdownLifecycle}). A dispatcher does not restart: after a stop,
 * {@link #start()} fails.
 *
 * <p>Thread-safe.
 */
public final class OrchestratorLifecycle extends GracefulShutdownLifecycle {

    /** After the web server's graceful shutdown and stop phases. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /** Longest wait, after the grace period, for subscribers to handle the last terminal events. */
    static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final Dispatcher dispatcher;
    private final Duration gracePeriod;

    /**
     * Creates the lifecycle of one dispatcher.
     *
     * @param dispatcher the dispatcher to shut down
     * @param gracePeriod how long running jobs may take to finish, not negative
     */
    public OrchestratorLifecycle(Dispatcher dispatcher, Duration gracePeriod) {
        super("orchestrator", PHASE);
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        Objects.requireNonNull(gracePeriod, "gracePeriod must not be null");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must be >= 0, was " + gracePeriod);
        }
        this.gracePeriod = gracePeriod;
    }

    @Override
    protected void startUp() {
        // the dispatcher runs from its creation: nothing to start
    }

    @Override
    protected void shutDown() {
        dispatcher.shutdown(gracePeriod);
        // Let subscribers (orchestrators) handle the terminal events of the jobs just cancelled
        // before the context closes them.
        long deadline = System.nanoTime() + IDLE_WAIT.toNanos();
        try {
            for (SignalBus bus : dispatcher.registry().buses()) {
                bus.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected Duration longestShutdown() {
        return gracePeriod.plus(IDLE_WAIT);
    }
}
