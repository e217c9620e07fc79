package dev.orchestrator.dashboard.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the dashboard, under {@code orchestrator.dashboard.*}. What the page may show and do
 * is not set here: it reads the {@code orchestrator} Actuator endpoint, so
 * {@code management.endpoints.web.exposure.include}, {@code management.endpoint.orchestrator.access},
 * {@code management.endpoint.orchestrator.show-details} and the application's Spring Security rules
 * decide. Not thread-safe: bound once at startup and checked then.
 */
@ConfigurationProperties("orchestrator.dashboard")
public class OrchestratorDashboardProperties {

    /** The path of the page unless {@code path} says otherwise. */
    public static final String DEFAULT_PATH = "/orchestrator";

    /** Whether to serve the dashboard page. */
    private boolean enabled = true;

    /**
     * Path of the page, under the application's context path: starts with '/', one or more segments
     * of letters, digits, '-', '_' or '.', no trailing '/'.
     */
    private String path = DEFAULT_PATH;

    /** How often the page reads the endpoint again, from 200ms to 1 minute. */
    private Duration refresh = Duration.ofSeconds(1);

    /** Creates the properties with their defaults. */
    public OrchestratorDashboardProperties() {}

    /** {@return whether the page is served} */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether the page is served.
     *
     * @param enabled {@code false} serves nothing
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@return the page's path under the context path, e.g. {@code /orchestrator}; never {@code null}} */
    public String getPath() {
        return path;
    }

    /**
     * Sets the page's path.
     *
     * @param path the path, e.g. {@code /ops/jobs}; checked at startup
     */
    public void setPath(String path) {
        this.path = path;
    }

    /** {@return how often the page reads the endpoint; never {@code null}} */
    public Duration getRefresh() {
        return refresh;
    }

    /**
     * Sets how often the page reads the endpoint.
     *
     * @param refresh from 200 ms to 1 minute; checked at startup
     */
    public void setRefresh(Duration refresh) {
        this.refresh = refresh;
    }
}
