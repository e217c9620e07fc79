package dev.orchestrator.spring.metrics;

import static dev.orchestrator.spring.metrics.OrchestratorMeters.*;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.CircuitBreakerTrip;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.orchestration.OrchestratorObserver;
import dev.orchestrator.spring.cluster.ClusterView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the orchestrator's meters ({@link OrchestratorMeters}) by observing a
 * {@link JobRegistry}: emitted events, circuit-breaker trips, handler errors and, in cluster mode,
 * the transport's counts. Every figure comes from the registry's observer callbacks or the cluster
 * view, none from a copy of their state. The job meters (durations, running jobs, retries) are the
 * job observation's ({@code dev.orchestrator.spring.observation}); this binder removes them, with
 * its own, when a bus closes. Thread-safe.
 */
public class OrchestratorMetrics implements MeterBinder {

    private final JobRegistry jobRegistry;
    private final @Nullable ClusterView cluster;
    /** Names of the meters tagged with a bus, removed when it closes. */
    private final List<String> perBus;

    /**
     * Creates the meter binder.
     *
     * @param jobRegistry the registry to observe
     */
    public OrchestratorMetrics(JobRegistry jobRegistry) {
        this(jobRegistry, null);
    }

    /**
     * Creates the meter binder, with the {@code orchestrator.cluster.*} meters in cluster mode.
     *
     * @param jobRegistry the registry to observe
     * @param cluster the cluster view, or {@code null} outside cluster mode
     */
    public OrchestratorMetrics(JobRegistry jobRegistry, @Nullable ClusterView cluster) {
        this(jobRegistry, cluster, OrchestratorMeters.JOBS);
    }

    /**
     * Creates the meter binder for a job observation of another name than {@value OrchestratorMeters#JOBS}.
     *
     * @param jobRegistry the registry to observe
     * @param cluster the cluster view, or {@code null} outside cluster mode
     * @param jobObservationName the job observation's name (its convention's {@code getName()}): the
     *     meters of that name, {@code .active} and {@code .retries} go with a closed bus
     */
    public OrchestratorMetrics(JobRegistry jobRegistry, @Nullable ClusterView cluster, String jobObservationName) {
        this.jobRegistry = java.util.Objects.requireNonNull(jobRegistry, "jobRegistry must not be null");
        this.cluster = cluster;
        java.util.Objects.requireNonNull(jobObservationName, "jobObservationName must not be null");
        this.perBus =
                List.of(jobObservationName, jobObservationName + ".active", jobObservationName + ".retries", EVENTS);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        jobRegistry.addObserver(new Recorder(registry, perBus));
        ClusterView view = cluster;
        if (view != null) {
            bindCluster(registry, view);
        }
    }

    /** Cluster counters, without tags (one series each): what the transport counted since start. */
    private static void bindCluster(MeterRegistry registry, ClusterView view) {
        for (Map.Entry<String, String[]> meter : CLUSTER_COUNTERS.entrySet()) {
            String key = meter.getKey();
            FunctionCounter.builder(meter.getValue()[0], view, v -> v.counts().getOrDefault(key, 0L))
                    .description(meter.getValue()[1])
                    .register(registry);
        }
        Gauge.builder(CLUSTER_RUNNING_HERE, view, v -> v.runningHere().size())
                .description("Jobs this instance took from the cluster and runs now")
                .register(registry);
    }

    /** Name of the gauge of jobs taken from the cluster and running here. */
    public static final String CLUSTER_RUNNING_HERE = "orchestrator.cluster.jobs.running.here";

    /** The cluster counters: {@link ClusterView#counts()} key to meter name and description. */
    static final Map<String, String[]> CLUSTER_COUNTERS = clusterCounters();

    private static Map<String, String[]> clusterCounters() {
        Map<String, String[]> counters = new java.util.LinkedHashMap<>();
        counters.put(
                "published", new String[] {"orchestrator.cluster.jobs.published", "Jobs written to the jobs topic"});
        counters.put(
                "taken", new String[] {"orchestrator.cluster.jobs.taken", "Job deliveries taken from the share group"});
        counters.put("redelivered", new String[] {
            "orchestrator.cluster.jobs.redelivered", "Deliveries of jobs that an instance had before (it stopped first)"
        });
        counters.put("released", new String[] {
            "orchestrator.cluster.jobs.released", "Jobs handed back to the share group (shutdown, no room, no executor)"
        });
        counters.put("duplicate-endings", new String[] {
            "orchestrator.cluster.endings.duplicate", "Second endings of jobs that ran twice, dropped"
        });
        counters.put("orphan-events", new String[] {
            "orchestrator.cluster.events.orphan", "Job events for which no dispatcher here waits, dropped"
        });
        counters.put(
                "rejected",
                new String[] {"orchestrator.cluster.records.rejected", "Records that could not be read, rejected"});
        counters.put("delivery-limit-failures", new String[] {
            "orchestrator.cluster.jobs.delivery.limit", "Jobs ended as failed at the delivery limit"
        });
        return java.util.Collections.unmodifiableMap(counters);
    }

    /** The simple name, or the full name for anonymous and local classes that have none. */
    static String typeName(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }

    private static final class Recorder implements OrchestratorObserver {

        private final MeterRegistry registry;
        private final List<String> perBus;

        Recorder(MeterRegistry registry, List<String> perBus) {
            this.registry = registry;
            this.perBus = perBus;
        }

        @Override
        public void eventEmitted(SignalBus bus, BaseEvent event) {
            Counter.builder(EVENTS)
                    .description(EVENTS_DESCRIPTION)
                    .baseUnit(UNIT_EVENTS)
                    .tag(TAG_EVENT, typeName(event.getClass()))
                    .tag(TAG_BUS, bus.name())
                    .register(registry)
                    .increment();
        }

        /** A closed bus's meters go: a bus per tenant or user must not leave meters behind. */
        @Override
        public void busClosed(SignalBus bus) {
            for (String name : perBus) {
                for (Meter meter : registry.find(name).tag(TAG_BUS, bus.name()).meters()) {
                    registry.remove(meter);
                }
            }
        }

        @Override
        public void circuitBreakerTripped(CircuitBreakerTrip trip) {
            Counter.builder(CIRCUIT_BREAKER_TRIPS)
                    .description(CIRCUIT_BREAKER_TRIPS_DESCRIPTION)
                    .baseUnit(UNIT_TRIPS)
                    .tag(TAG_ORCHESTRATOR, trip.orchestrator())
                    .tag(TAG_EVENT, typeName(trip.eventType()))
                    .register(registry)
                    .increment();
        }

        @Override
        public void handlerFailed(String orchestrator, BaseEvent event, Throwable error) {
            Counter.builder(HANDLER_ERRORS)
                    .description(HANDLER_ERRORS_DESCRIPTION)
                    .baseUnit(UNIT_ERRORS)
                    .tag(TAG_ORCHESTRATOR, orchestrator)
                    .tag(TAG_EVENT, typeName(event.getClass()))
                    .register(registry)
                    .increment();
        }
    }
}
