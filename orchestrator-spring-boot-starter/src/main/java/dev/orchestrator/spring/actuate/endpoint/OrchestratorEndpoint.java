package dev.orchestrator.spring.actuate.endpoint;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.CircuitBreakerTrip;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.FinishedJob;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.orchestration.JobSnapshot;
import dev.orchestrator.spring.cluster.ClusterView;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code orchestrator} actuator endpoint: registered executors, buses, running and recently
 * finished jobs, circuit-breaker limits and trips, all read from the {@link JobRegistry}; and
 * cancelling a running job ({@code DELETE /actuator/orchestrator/jobs/{id}}), which needs
 * {@code management.endpoint.orchestrator.access=unrestricted} since the default access is
 * read-only. Error messages of failed jobs and progress messages of running ones (both may hold
 * private data) are shown only per the show-details setting.
 */
@Endpoint(id = "orchestrator", defaultAccess = Access.READ_ONLY)
public class OrchestratorEndpoint {

    private final Dispatcher dispatcher;
    private final Show showDetails;
    private final Set<String> roles;
    private final @Nullable ClusterView cluster;

    /**
     * Creates the endpoint.
     *
     * @param dispatcher the dispatcher whose executors, configuration and registry are shown
     * @param showDetails when error messages are shown
     * @param roles roles that may see them when {@code showDetails} is {@code WHEN_AUTHORIZED}
     */
    public OrchestratorEndpoint(Dispatcher dispatcher, Show showDetails, Set<String> roles) {
        this(dispatcher, showDetails, roles, null);
    }

    /**
     * Creates the endpoint, showing cluster mode too.
     *
     * @param dispatcher the dispatcher whose executors, configuration and registry are shown
     * @param showDetails when error messages are shown
     * @param roles roles that may see them when {@code showDetails} is {@code WHEN_AUTHORIZED}
     * @param cluster the cluster view, or {@code null} outside cluster mode
     */
    public OrchestratorEndpoint(
            Dispatcher dispatcher, Show showDetails, Set<String> roles, @Nullable ClusterView cluster) {
        this.dispatcher = dispatcher;
        this.showDetails = showDetails;
        this.roles = Set.copyOf(roles);
        this.cluster = cluster;
    }

    /** {@return the summary: executors, buses, running jobs and circuit-breaker limits and trips} */
    @ReadOperation
    public OrchestratorDescriptor orchestrator() {
        JobRegistry registry = dispatcher.registry();
        OrchestratorConfig config = dispatcher.config();
        Map<String, String> executors = new TreeMap<>();
        dispatcher.executors().forEach((type, executor) -> executors.put(type.getName(), executor.name()));
        Map<String, Integer> typeLimits = new TreeMap<>();
        config.typeLimits().forEach((type, limit) -> typeLimits.put(type.getName(), limit));
        List<BusDescriptor> buses = registry.buses().stream()
                .map(bus -> new BusDescriptor(bus.name(), bus.subscriberCount(), bus.droppedEvents()))
                .collect(Collectors.toList());
        return new OrchestratorDescriptor(
                executors,
                buses,
                registry.runningCount(),
                new CircuitBreakerDescriptor(
                        config.maxEventsPerSecond(),
                        typeLimits,
                        registry.tripCount(),
                        tripsSince(registry.trips(), config.clock().instant().minus(Duration.ofMinutes(1)))),
                ClusterDescriptor.of(cluster, dispatcher.instanceId()));
    }

    /**
     * {@return the running and finished jobs, or the trips; {@code null} (404) for another section}
     *
     * @param section {@code jobs} or {@code trips}
     * @param securityContext who asks
     */
    @ReadOperation
    public @Nullable Object section(@Selector String section, SecurityContext securityContext) {
        JobRegistry registry = dispatcher.registry();
        return switch (section) {
            case "jobs" -> {
                boolean details = showDetails(securityContext);
                Instant now = dispatcher.config().clock().instant();
                ClusterView view = cluster;
                yield new JobsDescriptor(
                        registry.runningJobs().stream()
                                .map(job -> RunningJobDescriptor.of(job, now, details))
                                .collect(Collectors.toList()),
                        registry.finishedJobs().stream()
                                .map(job -> FinishedJobDescriptor.of(job, details))
                                .collect(Collectors.toList()),
                        view == null
                                ? List.of()
                                : view.runningHere().stream()
                                        .map(job -> RunningJobDescriptor.of(job, now, details))
                                        .collect(Collectors.toList()));
            }
            case "trips" -> registry.trips().stream().map(TripDescriptor::of).collect(Collectors.toList());
            default -> null;
        };
    }

    /**
     * {@return the running or recently finished job; {@code null} (404) when unknown; 400 for a value that
     * is not a job id}
     *
     * @param section must be {@code jobs}
     * @param id a job id
     * @param securityContext who asks
     */
    @ReadOperation
    public @Nullable Object job(@Selector String section, @Selector String id, SecurityContext securityContext) {
        if (!"jobs".equals(section)) {
            return null;
        }
        if (!JobOptions.isValidId(id)) {
            return invalidId();
        }
        JobRegistry registry = dispatcher.registry();
        Instant now = dispatcher.config().clock().instant();
        boolean details = showDetails(securityContext);
        return registry.running(id)
                .<Object>map(job -> RunningJobDescriptor.of(job, now, details))
                .or(() -> registry.finished(id).map(job -> FinishedJobDescriptor.of(job, details)))
                .orElse(null);
    }

    /**
     * Cancels a running job.
     *
     * @param section must be {@code jobs}
     * @param id the job's id
     * @return 200 with the job's id when it was cancelled, 404 when no such job is running, 400 (without
     *     the value) when {@code id} is not a job id; in cluster mode 202 when the cancel was sent to
     *     the cluster (the job ends, as cancelled, on the instance that runs it)
     */
    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> cancel(@Selector String section, @Selector String id) {
        if ("jobs".equals(section) && !JobOptions.isValidId(id)) {
            return invalidId();
        }
        if ("jobs".equals(section) && dispatcher.isClustered() && dispatcher.cancel(id)) {
            return new WebEndpointResponse<>(
                    Map.of(
                            "id",
                            id,
                            "cancelRequested",
                            true,
                            "reason",
                            "sent to the cluster: the instance running the job cancels it, and a job not taken yet"
                                    + " ends without running"),
                    202);
        }
        if ("jobs".equals(section) && dispatcher.cancel(id)) {
            return new WebEndpointResponse<>(Map.of("id", id, "cancelled", true));
        }
        return new WebEndpointResponse<>(
                Map.of("id", id, "cancelled", false, "reason", "no running job with this id"),
                WebEndpointResponse.STATUS_NOT_FOUND);
    }

    /** A 400 answer that states the rule and does not echo the caller's value. */
    private static WebEndpointResponse<Map<String, Object>> invalidId() {
        return new WebEndpointResponse<>(
                Map.of(
                        "error",
                        "not a job id: ids are 1 to " + JobOptions.MAX_ID_LENGTH
                                + " characters, each an ASCII letter or digit or one of . _ - :"),
                WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    private boolean showDetails(SecurityContext securityContext) {
        return showDetails.isShown(securityContext, roles);
    }

    private static long tripsSince(Collection<CircuitBreakerTrip> trips, Instant since) {
        return trips.stream().filter(trip -> !trip.at().isBefore(since)).count();
    }

    /**
     * The summary.
     *
     * @param executors the registered executors: job type to executor name
     * @param buses the buses the dispatcher has seen
     * @param runningJobs how many jobs are running or waiting for a worker
     * @param circuitBreaker the circuit breakers' limits and trips
     * @param cluster cluster mode: on or off, this instance, its topics and group, its counts
     */
    public record OrchestratorDescriptor(
            Map<String, String> executors,
            List<BusDescriptor> buses,
            int runningJobs,
            CircuitBreakerDescriptor circuitBreaker,
            ClusterDescriptor cluster) {}

    /**
     * Cluster mode on this instance.
     *
     * @param enabled whether jobs run in the cluster
     * @param instance this instance's id ({@code local} outside cluster mode)
     * @param topics the topics by role (empty outside cluster mode)
     * @param shareGroup the share group that takes jobs, or {@code null} outside cluster mode
     * @param takingJobs whether this instance takes jobs now
     * @param runningHere jobs taken from the cluster and running here
     * @param counts what the transport counted since start (empty outside cluster mode)
     */
    public record ClusterDescriptor(
            boolean enabled,
            String instance,
            Map<String, String> topics,
            @Nullable String shareGroup,
            boolean takingJobs,
            int runningHere,
            Map<String, Long> counts) {

        static ClusterDescriptor of(@Nullable ClusterView view, String instance) {
            if (view == null) {
                return new ClusterDescriptor(false, instance, Map.of(), null, false, 0, Map.of());
            }
            return new ClusterDescriptor(
                    true,
                    view.instanceId(),
                    view.topics(),
                    view.shareGroup(),
                    view.isTakingJobs(),
                    view.runningHere().size(),
                    view.counts());
        }
    }

    /**
     * One bus.
     *
     * @param name the bus's name
     * @param subscribers how many subscribers it has
     * @param droppedEvents how many events it dropped for subscribers that had fallen behind
     */
    public record BusDescriptor(String name, int subscribers, long droppedEvents) {}

    /**
     * Circuit-breaker limits and trip counts.
     *
     * @param maxEventsPerSecond the limit per event type and second
     * @param typeLimits the limits that override it, by event class name
     * @param trips trips recorded since start, as far as the trip log reaches
     * @param tripsLastMinute trips within the last minute
     */
    public record CircuitBreakerDescriptor(
            int maxEventsPerSecond, Map<String, Integer> typeLimits, long trips, long tripsLastMinute) {}

    /**
     * Running and recently finished jobs.
     *
     * @param running the running jobs, including those waiting for a worker; in cluster mode the jobs
     *     dispatched here, wherever they run ({@code instance} says where)
     * @param finished the recently finished jobs the registry keeps (dispatched here)
     * @param runningHere in cluster mode, the jobs this instance took from the cluster and runs now,
     *     wherever they were dispatched; empty outside cluster mode
     */
    public record JobsDescriptor(
            List<RunningJobDescriptor> running,
            List<FinishedJobDescriptor> finished,
            List<RunningJobDescriptor> runningHere) {}

    /**
     * A running job; {@code message} (the last progress message) is shown only with details.
     *
     * @param id the job's id
     * @param jobType the job's class name
     * @param executor the executor's name
     * @param bus the name of the bus its events go to
     * @param status its status ({@code QUEUED}, {@code RUNNING}, ...)
     * @param progress its last progress, {@code 0.0..1.0}
     * @param message its last progress message, or {@code null} when absent or hidden
     * @param attempt the attempt running or last run, numbered from 1; 0 while it waits for its first
     * @param dispatched when it was dispatched
     * @param started when its first attempt started, or {@code null} if it has not
     * @param elapsedMillis milliseconds since it started (or was dispatched, if it has not started)
     * @param instance in cluster mode, the instance that runs it (once known); {@code null} for a job
     *     that runs here
     */
    public record RunningJobDescriptor(
            String id,
            String jobType,
            String executor,
            String bus,
            String status,
            double progress,
            @Nullable String message,
            int attempt,
            Instant dispatched,
            @Nullable Instant started,
            long elapsedMillis,
            @Nullable String instance) {

        static RunningJobDescriptor of(JobSnapshot job, Instant now, boolean details) {
            Instant started = job.startedAt();
            Instant from = started != null ? started : job.dispatchedAt();
            return new RunningJobDescriptor(
                    job.id(),
                    job.jobType().getName(),
                    job.executor(),
                    job.bus(),
                    job.status().name(),
                    job.progress(),
                    details ? job.progressMessage() : null,
                    job.attempt(),
                    job.dispatchedAt(),
                    job.startedAt(),
                    Math.max(0, Duration.between(from, now).toMillis()),
                    job.instance());
        }
    }

    /**
     * A finished job; {@code error} is shown only with details.
     *
     * @param id the job's id
     * @param jobType the job's class name
     * @param executor the executor's name
     * @param bus the name of the bus its events went to
     * @param outcome how it ended ({@code SUCCESS}, {@code FAILURE}, {@code CANCELLED}, {@code TIMEOUT})
     * @param attempts how many attempts started
     * @param started when its first attempt started, or {@code null} if it never did
     * @param finished when it ended
     * @param durationMillis milliseconds from start (or dispatch) to end
     * @param error the error's class and message, or {@code null} when absent or hidden
     */
    public record FinishedJobDescriptor(
            String id,
            String jobType,
            String executor,
            String bus,
            String outcome,
            int attempts,
            @Nullable Instant started,
            Instant finished,
            long durationMillis,
            @Nullable String error) {

        static FinishedJobDescriptor of(FinishedJob job, boolean details) {
            return new FinishedJobDescriptor(
                    job.id(),
                    job.jobType().getName(),
                    job.executor(),
                    job.bus(),
                    job.outcome().name(),
                    job.attempts(),
                    job.startedAt(),
                    job.finishedAt(),
                    job.duration().toMillis(),
                    details ? job.errorSummary() : null);
        }
    }

    /**
     * One circuit-breaker trip.
     *
     * @param orchestrator the orchestrator whose breaker tripped
     * @param eventType the class name of the event type it dropped
     * @param count how many events of that type arrived within the second, the first dropped one included
     * @param limit the limit that was exceeded
     * @param at when it tripped
     */
    public record TripDescriptor(String orchestrator, String eventType, int count, int limit, Instant at) {

        static TripDescriptor of(CircuitBreakerTrip trip) {
            return new TripDescriptor(
                    trip.orchestrator(), trip.eventType().getName(), trip.count(), trip.limit(), trip.at());
        }
    }
}
