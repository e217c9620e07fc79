package dev.orchestrator.spring.cluster;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.kafka.KafkaJobTransport;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.autoconfigure.OrchestratorLifecycle;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Takes jobs from the cluster once the context has started (every executor registered), and on
 * close stops taking them, lets the jobs running here finish within
 * {@code orchestrator.shutdown.grace-period} and hands the rest back to the share group, where
 * another instance runs them at once: a rolling restart cancels nothing and loses nothing. Stops
 * just before the dispatcher's own lifecycle ({@link OrchestratorLifecycle#PHASE} + 1), after the
 * web server. A stop without a close (a paused test context) leaves everything running.
 */
final class ClusterLifecycle
        implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

    static final int PHASE = OrchestratorLifecycle.PHASE + 1;

    private final KafkaJobTransport transport;
    private final Dispatcher dispatcher;
    private final SignalBus globalBus;
    private final Duration gracePeriod;
    private volatile boolean running;
    private volatile boolean closing;
    private @Nullable ApplicationContext context;

    ClusterLifecycle(KafkaJobTransport transport, Dispatcher dispatcher, SignalBus globalBus, Duration gracePeriod) {
        this.transport = transport;
        this.dispatcher = dispatcher;
        this.globalBus = globalBus;
        this.gracePeriod = gracePeriod;
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.context = applicationContext;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            closing = true;
        }
    }

    @Override
    public synchronized void start() {
        if (!transport.isTakingJobs() && !closing) {
            transport.start(dispatcher, globalBus);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (closing) {
            transport.stop(gracePeriod);
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
