package dev.orchestrator.spring.cluster;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.kafka.KafkaJobTransport;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.autoconfigure.GracefulShutdownLifecycle;
import dev.orchestrator.spring.autoconfigure.OrchestratorLifecycle;
import java.time.Duration;

/**
 * Takes jobs from the cluster once the context has started (every executor registered), and on
 * close (or an explicit stop) stops taking them, lets the jobs running here finish within
 * {@code orchestrator.shutdown.grace-period} and hands the rest back to the share group, where
 * another instance runs them at once: a rolling restart cancels nothing and loses nothing. Stops
 * just before the dispatcher's own lifecycle ({@link OrchestratorLifecycle#PHASE} + 1), after the
 * web server; asynchronously, not pauseable, once (see {@link GracefulShutdownLifecycle}).
 */
final class ClusterLifecycle extends GracefulShutdownLifecycle {

    static final int PHASE = OrchestratorLifecycle.PHASE + 1;

    /** How long {@link KafkaJobTransport#stop} waits for each job consumer to leave. */
    private static final Duration CONSUMER_STOP = Duration.ofSeconds(15);

    private final KafkaJobTransport transport;
    private final Dispatcher dispatcher;
    private final SignalBus globalBus;
    private final Duration gracePeriod;

    ClusterLifecycle(KafkaJobTransport transport, Dispatcher dispatcher, SignalBus globalBus, Duration gracePeriod) {
        super("orchestrator cluster", PHASE);
        this.transport = transport;
        this.dispatcher = dispatcher;
        this.globalBus = globalBus;
        this.gracePeriod = gracePeriod;
    }

    @Override
    protected void startUp() {
        if (!transport.isTakingJobs()) {
            transport.start(dispatcher, globalBus);
        }
    }

    @Override
    protected void shutDown() {
        transport.stop(gracePeriod);
    }

    @Override
    protected Duration longestShutdown() {
        // the grace period, then each job consumer is joined in turn
        return gracePeriod.plus(CONSUMER_STOP.multipliedBy(transport.settings().concurrency()));
    }
}
