package dev.orchestrator.spring.actuate.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code orchestrator} Actuator endpoint, under
 * {@code management.endpoint.orchestrator.*} beside Spring Boot's own {@code access} setting, as
 * Spring Boot keeps {@code management.endpoint.health.show-details} and
 * {@code management.endpoint.quartz.show-values}. Not thread-safe: bound once at startup.
 */
@ConfigurationProperties("management.endpoint.orchestrator")
public class OrchestratorEndpointProperties {

    /** Events kept per job unless {@code events-per-job} says otherwise. */
    public static final int DEFAULT_EVENTS_PER_JOB = 50;

    /** Creates the properties with their defaults. */
    public OrchestratorEndpointProperties() {}

    /**
     * When to show the progress messages of running jobs and the error texts of finished ones, which
     * may hold private data.
     */
    private Show showDetails = Show.WHEN_AUTHORIZED;

    /**
     * Roles used to determine whether a user is authorized to see details when show-details is
     * when-authorized. When empty, all authenticated users are authorized.
     */
    private final Set<String> roles = new LinkedHashSet<>();

    /**
     * How many events of each job the answer about one job (jobs/{id}) shows: its first event and
     * the most recent ones. 0 keeps none.
     */
    private int eventsPerJob = DEFAULT_EVENTS_PER_JOB;

    /** {@return when details are shown; never {@code null}} */
    public Show getShowDetails() {
        return showDetails;
    }

    /**
     * Sets when details are shown.
     *
     * @param showDetails when to show the progress messages of running jobs and the error texts of
     *     finished ones
     */
    public void setShowDetails(Show showDetails) {
        this.showDetails = showDetails;
    }

    /** {@return the roles that may see details under when-authorized (any authenticated user when empty)} */
    public Set<String> getRoles() {
        return roles;
    }

    /** {@return how many events of each job are kept for the answer about one job; 0 for none} */
    public int getEventsPerJob() {
        return eventsPerJob;
    }

    /**
     * Sets how many events of each job are kept.
     *
     * @param eventsPerJob 0 (keep none) or at least 2 (the first event and the most recent ones);
     *     checked at startup
     */
    public void setEventsPerJob(int eventsPerJob) {
        this.eventsPerJob = eventsPerJob;
    }
}
