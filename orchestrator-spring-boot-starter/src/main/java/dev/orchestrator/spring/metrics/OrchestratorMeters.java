package dev.orchestrator.spring.metrics;

import dev.orchestrator.spring.observation.DefaultJobObservationConvention;

/**
 * Names, descriptions and tags of every orchestrator meter, in one place. Tags take bounded values
 * only: job type, event type, bus, orchestrator, outcome, error class; never a job id.
 *
 * <p>The job meters ({@link #JOBS}, {@link #JOBS_ACTIVE}, {@link #JOB_RETRIES}) are those Micrometer
 * makes of the job observation ({@code dev.orchestrator.spring.observation}); their names follow the
 * observation's name, {@value #JOBS} unless an application's convention renames it, and
 * {@link JobObservationMeterFilter} gives them these descriptions.
 */
public final class OrchestratorMeters {

    /**
     * Timer of ended jobs, the job observation's own; tags {@code job}, {@code bus}, {@code outcome}
     * and {@code error} (the class of the exception that failed the job, {@code none} otherwise).
     */
    public static final String JOBS = DefaultJobObservationConvention.NAME;
    /** Description of {@link #JOBS}. */
    public static final String JOBS_DESCRIPTION = "Jobs that ended, and how long each ran: from the start of its"
            + " first attempt to its ending (0 for a job cancelled before its first attempt)";

    /** Long task timer of running jobs, the job observation's; tags {@code job}, {@code bus}. */
    public static final String JOBS_ACTIVE = JOBS + ".active";
    /** Description of {@link #JOBS_ACTIVE}. */
    public static final String JOBS_ACTIVE_DESCRIPTION =
            "Jobs running now (from the start of their first attempt to their ending), and for how long";

    /** Counter of the job observation's retry events; tags {@code job}, {@code bus}. */
    public static final String JOB_RETRIES = JOBS + ".retries";
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
    /** Tag of {@link #JOBS}: the simple class name of the exception that failed the job, or {@code none}. */
    public static final String TAG_ERROR = "error";
    /** Tag: the event's class simple name. */
    public static final String TAG_EVENT = "event";
    /** Tag: the orchestrator's name. */
    public static final String TAG_ORCHESTRATOR = "orchestrator";

    private OrchestratorMeters() {}
}
