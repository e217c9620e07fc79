package dev.orchestrator.sample.live;

import dev.orchestrator.bus.Subscription;
import dev.orchestrator.orchestration.CircuitBreakerTrip;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.orchestration.OrchestratorObserver;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Pushes each circuit-breaker trip to the page (event {@code trip}) as the job registry records it:
 * the same trip log that {@code /actuator/orchestrator/trips} reads.
 */
@Component
class TripFeed implements OrchestratorObserver, DisposableBean {

    private final LiveUpdates live;
    private final Subscription subscription;

    TripFeed(JobRegistry registry, LiveUpdates live) {
        this.live = live;
        this.subscription = registry.addObserver(this);
    }

    @Override
    public void circuitBreakerTripped(CircuitBreakerTrip trip) {
        live.publish("trip", TripView.of(trip));
    }

    @Override
    public void destroy() {
        subscription.unsubscribe();
    }
}
