package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.orchestration.Dispatcher;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Graceful shutdown: when the context closes, new dispatches fail with a clear exception, running
 * jobs get the grace period to finish, and the rest are cancelled, each still emitting its
 * terminal event, which the buses then get up to one more second to deliver (so that orchestrators
 * see it before they are closed). Stops after the web server (a lower phase), so that requests in
 * flight can still dispatch.
 *
 * <p>Only a close shuts the dispatcher down: a stop without a close (Spring's test framework pauses
 * cached contexts that way, and may start them again) leaves jobs running.
 */
public final class OrchestratorLifecycle
        implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

    /** After the web server's graceful shutdown and stop phases. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /** Longest wait, after the grace period, for subscribers to handle the last terminal events. */
    static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final Dispatcher dispatcher;
    private final Duration gracePeriod;
    private volatile boolean running;
    private volatile boolean closing;
    private @Nullable ApplicationContext context;

    /**
     * Creates the lifecycle of one dispatcher.
     *
     * @param dispatcher the dispatcher to shut down
     * @param gracePeriod how long running jobs may take to finish, not negative
     */
    public OrchestratorLifecycle(Dispatcher dispatcher, Duration gracePeriod) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        Objects.requireNonNull(gracePeriod, "gracePeriod must not be null");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must be >= 0, was " + gracePeriod);
        }
        this.gracePeriod = gracePeriod;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.context = applicationContext;
    }

    /** The context is closing (published before lifecycle beans are stopped). */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            closing = true;
        }
    }

    @Override
    public void stop() {
        running = false;
        if (!closing) {
            return; // paused, not closed: the context may start again
        }
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
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
