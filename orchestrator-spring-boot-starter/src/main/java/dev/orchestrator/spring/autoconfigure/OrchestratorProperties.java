package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the orchestrator, under {@code orchestrator.*}. Defaults are the
 * core's own ({@link OrchestratorConfig}, {@link RetryPolicy}). Values are checked when the
 * context starts; an invalid one fails startup with a message naming the property.
 */
@ConfigurationProperties("orchestrator")
public class OrchestratorProperties {

    /** Creates the properties with their defaults. */
    public OrchestratorProperties() {}

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

    /** {@return the circuit-breaker settings (loop protection)} */
    public CircuitBreaker getCircuitBreaker() {
        return circuitBreaker;
    }

    /** {@return the logging settings} */
    public Logging getLogging() {
        return logging;
    }

    /** {@return the settings of the threads that run jobs} */
    public Execution getExecution() {
        return execution;
    }

    /** {@return the defaults per job type, keyed by the job class's simple or fully qualified name} */
    public Map<String, Job> getJobs() {
        return jobs;
    }

    /** {@return the settings of the history of finished jobs} */
    public History getHistory() {
        return history;
    }

    /** {@return the graceful-shutdown settings} */
    public Shutdown getShutdown() {
        return shutdown;
    }

    /** {@return the Micrometer metrics settings} */
    public Metrics getMetrics() {
        return metrics;
    }

    /** Loop protection of orchestrators. */
    public static class CircuitBreaker {

        /** Creates the group with its defaults. */
        public CircuitBreaker() {}

        /** Maximum number of events of one type that an orchestrator handles per second. */
        private int maxEventsPerSecond = OrchestratorConfig.DEFAULT_MAX_EVENTS_PER_SECOND;

        /**
         * Per-event-type limits that override max-events-per-second, keyed by the fully qualified
         * name of a BaseEvent subclass.
         */
        private Map<String, Integer> typeLimits = new LinkedHashMap<>();

        /** {@return maximum number of events of one type that an orchestrator handles per second} */
        public int getMaxEventsPerSecond() {
            return maxEventsPerSecond;
        }

        /**
         * Sets the maximum number of events of one type that an orchestrator handles per second.
         *
         * @param maxEventsPerSecond maximum number of events of one type that an orchestrator handles per second
         */
        public void setMaxEventsPerSecond(int maxEventsPerSecond) {
            this.maxEventsPerSecond = maxEventsPerSecond;
        }

        /**
         * {@return per-event-type limits that override max-events-per-second, keyed by the fully qualified name of a
         * BaseEvent subclass}
         */
        public Map<String, Integer> getTypeLimits() {
            return typeLimits;
        }

        /**
         * Sets the per-event-type limits that override max-events-per-second, keyed by the fully qualified name of a
         * BaseEvent subclass.
         *
         * @param typeLimits per-event-type limits that override max-events-per-second, keyed by the fully qualified
         *     name of a BaseEvent subclass
         */
        public void setTypeLimits(Map<String, Integer> typeLimits) {
            this.typeLimits = typeLimits;
        }
    }

    /** The framework's own log messages. */
    public static class Logging {

        /** Creates the group with its defaults. */
        public Logging() {}

        /**
         * Least severe level of the framework's messages that are handed to SLF4J, whose own configuration
         * (logging.level.dev.orchestrator) then decides as usual.
         */
        private LogLevel level = LogLevel.DEBUG;

        /** {@return least severe level of the framework's messages that are written to SLF4J} */
        public LogLevel getLevel() {
            return level;
        }

        /**
         * Sets the least severe level of the framework's messages that are written to SLF4J.
         *
         * @param level least severe level of the framework's messages that are written to SLF4J
         */
        public void setLevel(LogLevel level) {
            this.level = level;
        }
    }

    /** The threads that run jobs. Ignored when virtual threads are enabled. */
    public static class Execution {

        /** Creates the group with its defaults. */
        public Execution() {}

        /** Number of worker threads that run jobs. */
        private int poolSize = OrchestratorConfig.DEFAULT_EXECUTION_POOL_SIZE;

        /** Maximum number of jobs waiting for a worker thread before dispatch is refused. */
        private int queueCapacity = OrchestratorConfig.DEFAULT_EXECUTION_QUEUE_CAPACITY;

        /**
         * Maximum number of jobs active at once (queued, running or waiting to retry) before dispatch is
         * refused, also with virtual threads.
         */
        private int maxActiveJobs = OrchestratorConfig.DEFAULT_MAX_ACTIVE_JOBS;

        /** {@return number of worker threads that run jobs} */
        public int getPoolSize() {
            return poolSize;
        }

        /**
         * Sets the number of worker threads that run jobs.
         *
         * @param poolSize number of worker threads that run jobs
         */
        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        /** {@return maximum number of jobs waiting for a worker thread before dispatch is refused} */
        public int getQueueCapacity() {
            return queueCapacity;
        }

        /**
         * Sets the maximum number of jobs waiting for a worker thread before dispatch is refused.
         *
         * @param queueCapacity maximum number of jobs waiting for a worker thread before dispatch is refused
         */
        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        /** {@return maximum number of jobs active at once before dispatch is refused} */
        public int getMaxActiveJobs() {
            return maxActiveJobs;
        }

        /**
         * Sets the maximum number of jobs active at once (queued, running or waiting to retry).
         *
         * @param maxActiveJobs maximum number of jobs active at once before dispatch is refused
         */
        public void setMaxActiveJobs(int maxActiveJobs) {
            this.maxActiveJobs = maxActiveJobs;
        }
    }

    /** Defaults for the jobs of one type. */
    public static class Job {

        /** Creates the group with its defaults. */
        public Job() {}

        /** Time a job of this type may take, all attempts and backoff waits included. */
        private @Nullable Duration timeout;

        private final Retry retry = new Retry();

        /** {@return time a job of this type may take, all attempts and backoff waits included} */
        public @Nullable Duration getTimeout() {
            return timeout;
        }

        /**
         * Sets the time a job of this type may take, all attempts and backoff waits included.
         *
         * @param timeout time a job of this type may take, all attempts and backoff waits included
         */
        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }

        /** {@return retry policy of the jobs of one type; unset values take the core defaults} */
        public Retry getRetry() {
            return retry;
        }
    }

    /** Retry policy of the jobs of one type; unset values take the core defaults. */
    public static class Retry {

        /** Creates the group with its defaults. */
        public Retry() {}

        /** Maximum number of retries after the first attempt. */
        private @Nullable Integer maxRetries;

        /** Wait before the first retry. */
        private @Nullable Duration baseDelay;

        /** Longest wait between two attempts. */
        private @Nullable Duration maxDelay;

        /** Whether the wait doubles after each attempt. */
        private @Nullable Boolean exponentialBackoff;

        /**
         * Exception classes that are retried, with their subclasses (fully qualified names); empty
         * retries every exception.
         */
        private List<String> retryOn = new ArrayList<>();

        /** Exception classes that are never retried, with their subclasses; wins over retry-on. */
        private List<String> ignore = new ArrayList<>();

        /** {@return maximum number of retries after the first attempt} */
        public @Nullable Integer getMaxRetries() {
            return maxRetries;
        }

        /**
         * Sets the maximum number of retries after the first attempt.
         *
         * @param maxRetries maximum number of retries after the first attempt
         */
        public void setMaxRetries(@Nullable Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        /** {@return wait before the first retry} */
        public @Nullable Duration getBaseDelay() {
            return baseDelay;
        }

        /**
         * Sets the wait before the first retry.
         *
         * @param baseDelay wait before the first retry
         */
        public void setBaseDelay(@Nullable Duration baseDelay) {
            this.baseDelay = baseDelay;
        }

        /** {@return longest wait between two attempts} */
        public @Nullable Duration getMaxDelay() {
            return maxDelay;
        }

        /**
         * Sets the longest wait between two attempts.
         *
         * @param maxDelay longest wait between two attempts
         */
        public void setMaxDelay(@Nullable Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        /** {@return whether the wait doubles after each attempt} */
        public @Nullable Boolean getExponentialBackoff() {
            return exponentialBackoff;
        }

        /**
         * Sets whether the wait doubles after each attempt.
         *
         * @param exponentialBackoff whether the wait doubles after each attempt
         */
        public void setExponentialBackoff(@Nullable Boolean exponentialBackoff) {
            this.exponentialBackoff = exponentialBackoff;
        }

        /** {@return exception classes that are retried, with their subclasses; empty retries every exception} */
        public List<String> getRetryOn() {
            return retryOn;
        }

        /**
         * Sets the exception classes that are retried, with their subclasses.
         *
         * @param retryOn fully qualified names of exception classes; empty retries every exception
         */
        public void setRetryOn(List<String> retryOn) {
            this.retryOn = retryOn;
        }

        /** {@return exception classes that are never retried, with their subclasses} */
        public List<String> getIgnore() {
            return ignore;
        }

        /**
         * Sets the exception classes that are never retried, with their subclasses; wins over retry-on.
         *
         * @param ignore fully qualified names of exception classes
         */
        public void setIgnore(List<String> ignore) {
            this.ignore = ignore;
        }

        boolean isSet() {
            return maxRetries != null
                    || baseDelay != null
                    || maxDelay != null
                    || exponentialBackoff != null
                    || !retryOn.isEmpty()
                    || !ignore.isEmpty();
        }
    }

    /** Finished jobs kept for late readers (the actuator endpoint, a page coming back). */
    public static class History {

        /** Creates the group with its defaults. */
        public History() {}

        /** Maximum number of finished jobs kept. */
        private int maxSize = OrchestratorConfig.DEFAULT_HISTORY_MAX_SIZE;

        /** Time a finished job is kept. */
        private Duration ttl = OrchestratorConfig.DEFAULT_HISTORY_TTL;

        /** {@return maximum number of finished jobs kept} */
        public int getMaxSize() {
            return maxSize;
        }

        /**
         * Sets the maximum number of finished jobs kept.
         *
         * @param maxSize maximum number of finished jobs kept
         */
        public void setMaxSize(int maxSize) {
            this.maxSize = maxSize;
        }

        /** {@return time a finished job is kept} */
        public Duration getTtl() {
            return ttl;
        }

        /**
         * Sets the time a finished job is kept.
         *
         * @param ttl time a finished job is kept
         */
        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }

    /** Graceful shutdown. */
    public static class Shutdown {

        /** Creates the group with its defaults. */
        public Shutdown() {}

        /** Time running jobs get to finish when the application stops; the rest are cancelled. */
        private Duration gracePeriod = Duration.ofSeconds(30);

        /** {@return time running jobs get to finish when the application stops; the rest are cancelled} */
        public Duration getGracePeriod() {
            return gracePeriod;
        }

        /**
         * Sets the time running jobs get to finish when the application stops; the rest are cancelled.
         *
         * @param gracePeriod time running jobs get to finish when the application stops; the rest are cancelled
         */
        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }
    }

    /** Micrometer metrics. */
    public static class Metrics {

        /** Creates the group with its defaults. */
        public Metrics() {}

        /** Whether to publish orchestrator metrics when a MeterRegistry is present. */
        private boolean enabled = true;

        /** {@return whether to publish orchestrator metrics when a MeterRegistry is present} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether to publish orchestrator metrics when a MeterRegistry is present.
         *
         * @param enabled whether to publish orchestrator metrics when a MeterRegistry is present
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
