package dev.orchestrator.spring.metrics;

/**
 * Names, descriptions and tags of every orchestrator meter, in one place. Tags take bounded values
 * only: job type, event type, bus, orchestrator, outcome; never a job id.
 */
public final class OrchestratorMeters {

    /** Timer of finished jobs; tags {@code job}, {@code bus}, {@code outcome}. */
    public static final String JOBS = "orchestrator.jobs";
    /** Description of {@link #JOBS}. */
    public static final String JOBS_DESCRIPTION =
            "Duration of finished jobs, from start (or dispatch) to their terminal event";

    /** Long task timer of running jobs; tags {@code job}, {@code bus}. */
    public static final String JOBS_ACTIVE = "orchestrator.jobs.active";
    /** Description of {@link #JOBS_ACTIVE}. */
    public static final String JOBS_ACTIVE_DESCRIPTION = "Jobs running now, and for how long";

    /** Counter of retries; tags {@code job}, {@code bus}. */
    public static final String JOB_RETRIES = "orchestrator.job.retries";
    /** Description of {@link #JOB_RETRIES}. */
    public static final String JOB_RETRIES_DESCRIPTION = "Retries scheduled after a failed attempt";

    /** Counter of emitted events; tags {@code event}, {@code bus}. */
    public static final String EVENTS = "orchestrator.events";
    /** Description of {@link #EVENTS}. */
    public static final String EVENTS_DESCRIPTION = "Events emitted on a bus";

    /** Counter of circuit-breaker trips; tags {@code orchestrator}, {@code event}. */
    public static final String CIRCUIT_BREAKER_TRIPS = "orchestrator.circuit.breaker.trips";
    /** Description of {@link #CIRCUIT_BREAKER_TRIPS}. */
    public static final String CIRCUIT_BREAKER_TRIPS_DESCRIPTION =
            "Times an orchestrator's circuit breaker dropped an event type for the rest of a second";

    /** Counter of handler failures; tags {@code orchestrator}, {@code event}. */
    public static final String HANDLER_ERRORS = "orchestrator.handler.errors";
    /** Description of {@link #HANDLER_ERRORS}. */
    public static final String HANDLER_ERRORS_DESCRIPTION =
            "Exceptions thrown by orchestrator handlers, isolated and logged";

    /** Base unit of {@link #EVENTS}. */
    public static final String UNIT_EVENTS = "events";
    /** Base unit of {@link #JOB_RETRIES}. */
    public static final String UNIT_RETRIES = "retries";
    /** Base unit of {@link #CIRCUIT_BREAKER_TRIPS}. */
    public static final String UNIT_TRIPS = "trips";
    /** Base unit of {@link #HANDLER_ERRORS}. */
    public static final String UNIT_ERRORS = "errors";

    /** Tag: the job's class simple name. */
    public static final String TAG_JOB = "job";
    /** Tag: the bus name. */
    public static final String TAG_BUS = "bus";
    /** Tag: how a job ended: success, failure, timeout, cancelled. */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag: the event's class simple name. */
    public static final String TAG_EVENT = "event";
    /** Tag: the orchestrator's name. */
    public static final String TAG_ORCHESTRATOR = "orchestrator";

    private OrchestratorMeters() {}
}
