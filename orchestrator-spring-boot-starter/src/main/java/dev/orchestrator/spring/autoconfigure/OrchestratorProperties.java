package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the orchestrator, under {@code orchestrator.*}. Defaults are the
 * core's own ({@link OrchestratorConfig}, {@link RetryPolicy}). Values are checked when the
 * context starts; an invalid one fails startup with a message naming the property.
 */
@ConfigurationProperties("orchestrator")
public class OrchestratorProperties {

    private final CircuitBreaker circuitBreaker = new CircuitBreaker();

    private final Logging logging = new Logging();

    private final Execution execution = new Execution();

    /**
     * Defaults per job type, keyed by the job class's simple name, for example
     * orchestrator.jobs.UploadJob.timeout=30s, or by its fully qualified name in brackets when two
     * job types share a simple name. A job's own setting wins.
     */
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    private final History history = new History();

    private final Shutdown shutdown = new Shutdown();

    private final Metrics metrics = new Metrics();

    private final Endpoint endpoint = new Endpoint();

    public CircuitBreaker getCircuitBreaker() {
        return circuitBreaker;
    }

    public Logging getLogging() {
        return logging;
    }

    public Execution getExecution() {
        return execution;
    }

    public Map<String, Job> getJobs() {
        return jobs;
    }

    public History getHistory() {
        return history;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Endpoint getEndpoint() {
        return endpoint;
    }

    /** Loop protection of orchestrators (seed 5.7). */
    public static class CircuitBreaker {

        /** Maximum number of events of one type that an orchestrator handles per second. */
        private int maxEventsPerSecond = OrchestratorConfig.DEFAULT_MAX_EVENTS_PER_SECOND;

        /**
         * Per-event-type limits that override max-events-per-second, keyed by the fully qualified
         * name of a BaseEvent subclass.
         */
        private Map<String, Integer> typeLimits = new LinkedHashMap<>();

        public int getMaxEventsPerSecond() {
            return maxEventsPerSecond;
        }

        public void setMaxEventsPerSecond(int maxEventsPerSecond) {
            this.maxEventsPerSecond = maxEventsPerSecond;
        }

        public Map<String, Integer> getTypeLimits() {
            return typeLimits;
        }

        public void setTypeLimits(Map<String, Integer> typeLimits) {
            this.typeLimits = typeLimits;
        }
    }

    /** The framework's own log messages. */
    public static class Logging {

        /** Least severe level of the framework's messages that are written to SLF4J. */
        private LogLevel level = LogLevel.INFO;

        public LogLevel getLevel() {
            return level;
        }

        public void setLevel(LogLevel level) {
            this.level = level;
        }
    }

    /** The threads that run jobs. Ignored when virtual threads are enabled. */
    public static class Execution {

        /** Number of worker threads that run jobs. */
        private int poolSize = OrchestratorConfig.DEFAULT_EXECUTION_POOL_SIZE;

        /** Maximum number of jobs waiting for a worker thread before dispatch is refused. */
        private int queueCapacity = OrchestratorConfig.DEFAULT_EXECUTION_QUEUE_CAPACITY;

        public int getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }
    }

    /** Defaults for the jobs of one type. */
    public static class Job {

        /** Time a job of this type may take, all attempts and backoff waits included. */
        private Duration timeout;

        private final Retry retry = new Retry();

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Retry getRetry() {
            return retry;
        }
    }

    /** Retry policy of the jobs of one type (seed 5.3); unset values take the core defaults. */
    public static class Retry {

        /** Maximum number of retries after the first attempt. */
        private Integer maxRetries;

        /** Wait before the first retry. */
        private Duration baseDelay;

        /** Longest wait between two attempts. */
        private Duration maxDelay;

        /** Whether the wait doubles after each attempt. */
        private Boolean exponentialBackoff;

        public Integer getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        public Duration getBaseDelay() {
            return baseDelay;
        }

        public void setBaseDelay(Duration baseDelay) {
            this.baseDelay = baseDelay;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public Boolean getExponentialBackoff() {
            return exponentialBackoff;
        }

        public void setExponentialBackoff(Boolean exponentialBackoff) {
            this.exponentialBackoff = exponentialBackoff;
        }

        boolean isSet() {
            return maxRetries != null || baseDelay != null || maxDelay != null || exponentialBackoff != null;
        }
    }

    /** Finished jobs kept for late readers (the actuator endpoint, a page coming back). */
    public static class History {

        /** Maximum number of finished jobs kept. */
        private int maxSize = OrchestratorConfig.DEFAULT_HISTORY_MAX_SIZE;

        /** Time a finished job is kept. */
        private Duration ttl = OrchestratorConfig.DEFAULT_HISTORY_TTL;

        public int getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(int maxSize) {
            this.maxSize = maxSize;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }

    /** Graceful shutdown. */
    public static class Shutdown {

        /** Time running jobs get to finish when the application stops; the rest are cancelled. */
        private Duration gracePeriod = Duration.ofSeconds(30);

        public Duration getGracePeriod() {
            return gracePeriod;
        }

        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }
    }

    /** Micrometer metrics. */
    public static class Metrics {

        /** Whether to publish orchestrator metrics when a MeterRegistry is present. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The orchestrator actuator endpoint. */
    public static class Endpoint {

        /** When to show job results and error messages, which may hold private data. */
        private ShowDetails showDetails = ShowDetails.WHEN_AUTHORIZED;

        /**
         * Roles allowed to see details when show-details is when-authorized; when empty, every
         * authenticated user may.
         */
        private Set<String> roles = new LinkedHashSet<>();

        public ShowDetails getShowDetails() {
            return showDetails;
        }

        public void setShowDetails(ShowDetails showDetails) {
            this.showDetails = showDetails;
        }

        public Set<String> getRoles() {
            return roles;
        }

        public void setRoles(Set<String> roles) {
            this.roles = roles;
        }
    }

    /** When the endpoint shows details, as for Spring Boot's health endpoint. */
    public enum ShowDetails {
        /** Never show details. */
        NEVER,
        /** Show details to authenticated users (with the endpoint's roles, if configured). */
        WHEN_AUTHORIZED,
        /** Always show details. */
        ALWAYS
    }
}
