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
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
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
 * read-only.
 *
 * <p>Every answer is a descriptor record (an object, never a bare list), so fields can be added
 * later without breaking readers; each is an {@link OperationResponseBody}, written by Spring Boot's
 * endpoint JSON mapper, which leaves {@code null} fields out. Progress messages of running jobs and
 * error texts of finished ones (both may hold private data) are details: they are {@code null}
 * unless Spring Boot's {@link Show} rule for {@code management.endpoint.orchestrator.show-details}
 * and {@code .roles} lets the caller see them. A value in the place of a job id that cannot be one
 * ({@link JobOptions#isValidId}, the rule every job id follows: 1 to
 * {@value JobOptions#MAX_ID_LENGTH} characters, each an ASCII letter or digit or one of
 * {@code . _ - :}; generated ids are UUIDs) answers 400 without echoing it; a well-formed id of no
 * known job answers 404.
 *
 * <p>Thread-safe: every call reads the registry's current state.
 */
@Endpoint(id = "orchestrator", defaultAccess = Access.READ_ONLY)
public class OrchestratorEndpoint {

    /** The part of the endpoint that lists jobs: {@code /actuator/orchestrator/jobs}. */
    public static final String JOBS = "jobs";

    /** The part of the endpoint that lists circuit-breaker trips: {@code /actuator/orchestrator/trips}. */
    public static final String TRIPS = "trips";

    private static final int STATUS_ACCEPTED = 202;

    private final Dispatcher dispatcher;
    private final Show showDetails;
    private final Set<String> roles;
    private final @Nullable ClusterView cluster;
    private final @Nullable JobEventLog events;
    private final boolean cancelEnabled;

    /**
     * Creates the endpoint.
     *
     * @param dispatcher the dispatcher whose executors, configuration and registry are shown
     * @param showDetails when progress messages and error texts are shown
     * @param roles roles that may see them when {@code showDetails} is {@code WHEN_AUTHORIZED}; any
     *     authenticated user may when empty
     */
    public OrchestratorEndpoint(Dispatcher dispatcher, Show showDetails, Set<String> roles) {
        this(dispatcher, showDetails, roles, null);
    }

    /**
     * Creates the endpoint, showing cluster mode too; it keeps no events per job and its summary says
     * cancelling is not enabled (the safe answer when the access is not known).
     *
     * @param dispatcher the dispatcher whose executors, configuration and registry are shown
     * @param showDetails when progress messages and error texts are shown
     * @param roles roles that may see them when {@code showDetails} is {@code WHEN_AUTHORIZED}; any
     *     authenticated user may when empty
     * @param cluster the cluster view, or {@code null} outside cluster mode
     */
    public OrchestratorEndpoint(
            Dispatcher dispatcher, Show showDetails, Set<String> roles, @Nullable ClusterView cluster) {
        this(dispatcher, showDetails, roles, cluster, null, false);
    }

    /**
     * Creates the endpoint, showing cluster mode, each job's events, and whether cancelling is enabled.
     *
     * @param dispatcher the dispatcher whose executors, configuration and registry are shown
     * @param showDetails when progress messages and error texts are shown
     * @param roles roles that may see them when {@code showDetails} is {@code WHEN_AUTHORIZED}; any
     *     authenticated user may when empty
     * @param cluster the cluster view, or {@code null} outside cluster mode
     * @param events the events of each job, shown in the answer about one job; {@code null} to show none
     * @param cancelEnabled whether the cancel operation is enabled (the endpoint's access, as Spring
     *     Boot resolves {@code management.endpoint.orchestrator.access}, is unrestricted); shown in the
     *     summary so that a reader such as the dashboard need not try it
     */
    public OrchestratorEndpoint(
            Dispatcher dispatcher,
            Show showDetails,
            Set<String> roles,
            @Nullable ClusterView cluster,
            @Nullable JobEventLog events,
            boolean cancelEnabled) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.showDetails = Objects.requireNonNull(showDetails, "showDetails");
        this.roles = Set.copyOf(roles);
        this.cluster = cluster;
        this.events = events;
        this.cancelEnabled = cancelEnabled;
    }

    /** {@return the summary: executors, buses, running jobs, circuit-breaker limits and trips, cluster mode} */
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
                ClusterDescriptor.of(cluster, dispatcher.instanceId()),
                cancelEnabled);
    }

    /**
     * {@return the jobs ({@link JobsDescriptor}) or the trips ({@link TripsDescriptor}); 404 with an
     * {@link ErrorDescriptor} for another part}
     *
     * @param section {@value #JOBS} or {@value #TRIPS}
     * @param securityContext who asks: decides whether details are shown
     */
    @ReadOperation
    public WebEndpointResponse<OperationResponseBody> section(
            @Selector String section, SecurityContext securityContext) {
        return switch (section) {
            case JOBS -> new WebEndpointResponse<>(jobs(showDetails(securityContext)));
            case TRIPS -> new WebEndpointResponse<>(trips());
            default -> unknownSection();
        };
    }

    /**
     * {@return the running ({@link RunningJobDescriptor}) or recently finished
     * ({@link FinishedJobDescriptor}) job; 404 when no such job is known or the part is not
     * {@value #JOBS}, 400 when {@code id} cannot be a job id, both with an {@link ErrorDescriptor}}
     *
     * @param section must be {@value #JOBS}
     * @param id a job id
     * @param securityContext who asks: decides whether details are shown
     */
    @ReadOperation
    public WebEndpointResponse<OperationResponseBody> job(
            @Selector String section, @Selector String id, SecurityContext securityContext) {
        if (!JOBS.equals(section)) {
            return unknownSection();
        }
        if (!JobOptions.isValidId(id)) {
            return invalidId();
        }
        JobRegistry registry = dispatcher.registry();
        Instant now = dispatcher.config().clock().instant();
        boolean details = showDetails(securityContext);
        JobEventLog.Events kept = events == null ? null : events.eventsOf(id).orElse(null);
        return registry.running(id)
                .<OperationResponseBody>map(job -> RunningJobDescriptor.of(job, now, details, kept))
                .or(() -> registry.finished(id).map(job -> FinishedJobDescriptor.of(job, details, kept)))
                .map(WebEndpointResponse::new)
                .orElseGet(() -> error(
                        WebEndpointResponse.STATUS_NOT_FOUND, "no running or recently finished job with this id"));
    }

    /**
     * Cancels a running job.
     *
     * @param section must be {@value #JOBS}
     * @param id the job's id
     * @return a {@link CancelDescriptor}: 200 when the job was cancelled here, in cluster mode 202 when
     *     the cancel was sent to the cluster (the job ends, as cancelled, on the instance that runs
     *     it), 404 when no such job is running; or an {@link ErrorDescriptor}: 400 (without the value)
     *     when {@code id} cannot be a job id, 404 when the part is not {@value #JOBS}
     */
    @DeleteOperation
    public WebEndpointResponse<OperationResponseBody> cancel(@Selector String section, @Selector String id) {
        if (!JOBS.equals(section)) {
            return unknownSection();
        }
        if (!JobOptions.isValidId(id)) {
            return invalidId();
        }
        if (dispatcher.isClustered() && dispatcher.cancel(id)) {
            return new WebEndpointResponse<>(
                    new CancelDescriptor(
                            id,
                            true,
                            false,
                            "sent to the cluster: the instance running the job cancels it, and a job not taken yet"
                                    + " ends without running"),
                    STATUS_ACCEPTED);
        }
        if (dispatcher.cancel(id)) {
            return new WebEndpointResponse<>(new CancelDescriptor(id, true, true, "cancelled on this instance"));
        }
        return new WebEndpointResponse<>(
                new CancelDescriptor(id, false, false, "no running job with this id"),
                WebEndpointResponse.STATUS_NOT_FOUND);
    }

    private JobsDescriptor jobs(boolean details) {
        JobRegistry registry = dispatcher.registry();
        Instant now = dispatcher.config().clock().instant();
        ClusterView view = cluster;
        return new JobsDescriptor(
                registry.runningJobs().stream()
                        .map(job -> RunningJobDescriptor.of(job, now, details, null))
                        .collect(Collectors.toList()),
                registry.finishedJobs().stream()
                        .map(job -> FinishedJobDescriptor.of(job, details, null))
                        .collect(Collectors.toList()),
                view == null
                        ? List.of()
                        : view.runningHere().stream()
                                .map(job -> RunningJobDescriptor.of(job, now, details, null))
                                .collect(Collectors.toList()),
                details);
    }

    private TripsDescriptor trips() {
        return new TripsDescriptor(
                dispatcher.registry().trips().stream().map(TripDescriptor::of).collect(Collectors.toList()));
    }

    /** A 404 for a part of the endpoint that does not exist; does not echo the caller's value. */
    private static WebEndpointResponse<OperationResponseBody> unknownSection() {
        return error(
                WebEndpointResponse.STATUS_NOT_FOUND,
                "no such part of the orchestrator endpoint: its parts are " + JOBS + " and " + TRIPS);
    }

    /** A 400 answer that states the rule and does not echo the caller's value. */
    private static WebEndpointResponse<OperationResponseBody> invalidId() {
        return error(
                WebEndpointResponse.STATUS_BAD_REQUEST,
                "not a job id: ids are 1 to " + JobOptions.MAX_ID_LENGTH
                        + " characters, each an ASCII letter or digit or one of . _ - :");
    }

    private static WebEndpointResponse<OperationResponseBody> error(int status, String message) {
        return new WebEndpointResponse<>(new ErrorDescriptor(status, message), status);
    }

    private boolean showDetails(SecurityContext securityContext) {
        return showDetails.isShown(securityContext, roles);
    }

    /** {@return a job's kept events as shown to the caller (messages and errors only with details); {@code null} for none} */
    private static @Nullable List<JobEventLog.Entry> eventsShown(JobEventLog.@Nullable Events kept, boolean details) {
        if (kept == null) {
            return null;
        }
        return details
                ? kept.events()
                : kept.events().stream().map(JobEventLog.Entry::withoutDetails).collect(Collectors.toList());
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
     * @param cancelEnabled whether {@code DELETE /actuator/orchestrator/jobs/{id}} is enabled
     *     ({@code management.endpoint.orchestrator.access=unrestricted}); the application's security
     *     rules may still refuse it to a caller
     */
    public record OrchestratorDescriptor(
            Map<String, String> executors,
            List<BusDescriptor> buses,
            int runningJobs,
            CircuitBreakerDescriptor circuitBreaker,
            ClusterDescriptor cluster,
            boolean cancelEnabled)
            implements OperationResponseBody {}

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
     * @param details whether this answer shows details (progress messages, error texts) to its
     *     caller, by {@code management.endpoint.orchestrator.show-details} and {@code .roles}
     */
    public record JobsDescriptor(
            List<RunningJobDescriptor> running,
            List<FinishedJobDescriptor> finished,
            List<RunningJobDescriptor> runningHere,
            boolean details)
            implements OperationResponseBody {}

    /**
     * The circuit-breaker trips the registry's trip log keeps.
     *
     * @param trips the trips, most recent first
     */
    public record TripsDescriptor(List<TripDescriptor> trips) implements OperationResponseBody {}

    /**
     * The answer to a cancel.
     *
     * @param id the job's id
     * @param cancelRequested whether a cancel was applied here or sent to the cluster
     * @param cancelled whether the job has ended as cancelled by the time of the answer ({@code false}
     *     when the cancel was sent to the cluster: the job ends on the instance that runs it)
     * @param reason what happened, in words
     */
    public record CancelDescriptor(String id, boolean cancelRequested, boolean cancelled, String reason)
            implements OperationResponseBody {}

    /**
     * The body of a 400 or 404 answer; it never echoes the caller's value.
     *
     * @param status the HTTP status
     * @param message what was wrong, and the rule when there is one
     */
    public record ErrorDescriptor(int status, String message) implements OperationResponseBody {}

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
     * @param events in the answer about this one job, its events so far, oldest first (messages and
     *     error texts only with details); {@code null} in lists
     * @param eventsNotKept in the answer about this one job, how many events between its first and
     *     the kept recent ones were left out; {@code null} in lists
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
            @Nullable String instance,
            @Nullable List<JobEventLog.Entry> events,
            @Nullable Integer eventsNotKept)
            implements OperationResponseBody {

        static RunningJobDescriptor of(
                JobSnapshot job, Instant now, boolean details, JobEventLog.@Nullable Events kept) {
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
                    job.instance(),
                    eventsShown(kept, details),
                    kept == null ? null : kept.notKept());
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
     * @param events in the answer about this one job, its events, oldest first (messages and error
     *     texts only with details); {@code null} in lists
     * @param eventsNotKept in the answer about this one job, how many events between its first and
     *     the kept recent ones were left out; {@code null} in lists
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
            @Nullable String error,
            @Nullable List<JobEventLog.Entry> events,
            @Nullable Integer eventsNotKept)
            implements OperationResponseBody {

        static FinishedJobDescriptor of(FinishedJob job, boolean details, JobEventLog.@Nullable Events kept) {
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
                    details ? job.errorSummary() : null,
                    eventsShown(kept, details),
                    kept == null ? null : kept.notKept());
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
