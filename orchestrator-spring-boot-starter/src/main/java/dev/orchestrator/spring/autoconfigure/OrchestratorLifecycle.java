package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.job.Dispatcher;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Graceful shutdown: when the context closes, new dispatches fail with a clear exception, running
 * jobs get the grace period to finish, and the rest are cancelled, each still emitting its
 * terminal event. Stops after the web server (a lower phase), so that requests in flight can still
 * dispatch.
 */
public final class OrchestratorLifecycle implements SmartLifecycle {

    /** After the web server's graceful shutdown and stop phases. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final Dispatcher dispatcher;
    private final Duration gracePeriod;
    private volatile boolean running;

    /**
     * @param dispatcher the dispatcher to shut down
     * @param gracePeriod how long running jobs may take to finish, not negative
     */
    public OrchestratorLifecycle(Dispatcher dispatcher, Duration gracePeriod) {
        this.dispatcher = dispatcher;
        this.gracePeriod = gracePeriod;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        dispatcher.shutdown(gracePeriod);
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
