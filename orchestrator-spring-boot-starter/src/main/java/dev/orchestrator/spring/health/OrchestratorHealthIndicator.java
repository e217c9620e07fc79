package dev.orchestrator.spring.health;

import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobRegistry;
import java.time.Instant;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the orchestrator: UP with the number of running jobs and of circuit-breaker trips in
 * the last minute; DOWN once the dispatcher has been shut down. Reads the job registry.
 */
public class OrchestratorHealthIndicator extends AbstractHealthIndicator {

    private final Dispatcher dispatcher;

    /**
     * Creates the health indicator.
     *
     * @param dispatcher the dispatcher to report on
     */
    public OrchestratorHealthIndicator(Dispatcher dispatcher) {
        super("Orchestrator health check failed");
        this.dispatcher = dispatcher;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        JobRegistry registry = dispatcher.registry();
        Instant minuteAgo = dispatcher.config().clock().instant().minusSeconds(60);
        long recentTrips = registry.trips().stream()
                .filter(trip -> !trip.at().isBefore(minuteAgo))
                .count();
        (dispatcher.isShutdown() ? builder.down().withDetail("reason", "dispatcher is shut down") : builder.up())
                .withDetail("runningJobs", registry.runningCount())
                .withDetail("tripsLastMinute", recentTrips)
                .withDetail("tripsTotal", registry.tripCount());
    }
}
