package dev.orchestrator.spring.health;

import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.spring.cluster.ClusterView;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the orchestrator: UP with the number of running jobs and of circuit-breaker trips in
 * the last minute; DOWN once the dispatcher has been shut down, and in cluster mode while the Kafka
 * cluster does not answer. Reads the job registry.
 */
public class OrchestratorHealthIndicator extends AbstractHealthIndicator {

    /** How long the health check waits for the Kafka cluster in cluster mode. */
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(2);

    private final Dispatcher dispatcher;
    private final @Nullable ClusterView cluster;

    /**
     * Creates the health indicator.
     *
     * @param dispatcher the dispatcher to report on
     */
    public OrchestratorHealthIndicator(Dispatcher dispatcher) {
        this(dispatcher, null);
    }

    /**
     * Creates the health indicator; in cluster mode it is DOWN while the Kafka cluster does not
     * answer within 2 s (no job can be dispatched or taken then).
     *
     * @param dispatcher the dispatcher to report on
     * @param cluster the cluster view, or {@code null} outside cluster mode
     */
    public OrchestratorHealthIndicator(Dispatcher dispatcher, @Nullable ClusterView cluster) {
        super("Orchestrator health check failed");
        this.dispatcher = dispatcher;
        this.cluster = cluster;
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
        ClusterView view = cluster;
        if (view != null) {
            boolean reachable = view.isKafkaReachable(KAFKA_TIMEOUT);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("instance", view.instanceId());
            details.put("takingJobs", view.isTakingJobs());
            details.put("kafka", reachable ? "reachable" : "not reachable within " + KAFKA_TIMEOUT.toSeconds() + " s");
            builder.withDetail("cluster", details);
            if (!reachable && !dispatcher.isShutdown()) {
                builder.down().withDetail("reason", "the Kafka cluster does not answer");
            }
        }
    }
}
