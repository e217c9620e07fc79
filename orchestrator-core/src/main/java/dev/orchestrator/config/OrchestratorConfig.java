package dev.orchestrator.config;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.ConsoleLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one configuration object of an orchestrator runtime: circuit-breaker limits, the
 * logger, the execution pool, retention of finished jobs and per-job-type defaults.
 *
 * <p>Immutable and thread-safe. There is no static mutable state: two configurations in one JVM
 * (two Spring application contexts in a test suite, say) never see each other's settings. Build
 * one with {@link #custom()}, or take {@link #ofDefaults()}.
 */
public final class OrchestratorConfig {

    /** Default circuit-breaker limit: 50 events of one type per second per orchestrator. */
    public static final int DEFAULT_MAX_EVENTS_PER_SECOND = 50;
    /** Default number of worker threads of the dispatcher's own pool. */
    public static final int DEFAULT_EXECUTION_POOL_SIZE =
            Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
    /** Default number of jobs that may wait for a worker before dispatch is refused. */
    public static final int DEFAULT_EXECUTION_QUEUE_CAPACITY = 10_000;
    /**
     * Default number of jobs one dispatcher may have active at once (queued, running or waiting to
     * retry): 100,000. It bounds memory also where nothing else does, with virtual threads.
     */
    public static final int DEFAULT_MAX_ACTIVE_JOBS = 100_000;
    /** Default number of finished jobs the registry keeps for late readers. */
    public static final int DEFAULT_HISTORY_MAX_SIZE = 1_000;
    /** Default time the registry keeps a finished job. */
    public static final Duration DEFAULT_HISTORY_TTL = Duration.ofHours(1);

    private static final OrchestratorConfig DEFAULTS = custom().build();

    private final int maxEventsPerSecond;
    private final Map<Class<? extends BaseEvent>, Integer> typeLimits;
    private final OrchestratorLogger logger;
    private final int executionPoolSize;
    private final int executionQueueCapacity;
    private final int maxActiveJobs;
    private final int historyMaxSize;
    private final Duration historyTtl;
    private final Map<Class<? extends BaseJob>, JobDefaults> jobDefaults;
    private final Clock clock;

    private OrchestratorConfig(Builder builder) {
        this.maxEventsPerSecond = builder.maxEventsPerSecond;
        this.typeLimits = Map.copyOf(builder.typeLimits);
        this.logger = builder.logger;
        this.executionPoolSize = builder.executionPoolSize;
        this.executionQueueCapacity = builder.executionQueueCapacity;
        this.maxActiveJobs = builder.maxActiveJobs;
        this.historyMaxSize = builder.historyMaxSize;
        this.historyTtl = builder.historyTtl;
        this.jobDefaults = Map.copyOf(builder.jobDefaults);
        this.clock = builder.clock;
    }

    /** {@return a configuration with every default; logs to the console at {@code INFO}} */
    public static OrchestratorConfig ofDefaults() {
        return DEFAULTS;
    }

    /** {@return a builder that starts from the defaults} */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * {@return a builder that starts from {@code base}}
     *
     * @param base the configuration to copy, not {@code null}
     */
    public static Builder from(OrchestratorConfig base) {
        Objects.requireNonNull(base, "base must not be null");
        return new Builder(base);
    }

    /** {@return the circuit-breaker limit for event types without their own limit; at least 1} */
    public int maxEventsPerSecond() {
        return maxEventsPerSecond;
    }

    /** {@return the per-event-type limits, exact types only; unmodifiable} */
    public Map<Class<? extends BaseEvent>, Integer> typeLimits() {
        return typeLimits;
    }

    /**
     * The circuit-breaker limit that applies to events of exactly this type.
     *
     * @param eventType the event type, not {@code null}
     * @return its own limit, or {@link #maxEventsPerSecond()}
     */
    public int limitFor(Class<? extends BaseEvent> eventType) {
        Objects.requireNonNull(eventType, "eventType must not be null");
        Integer limit = typeLimits.get(eventType);
        return limit != null ? limit : maxEventsPerSecond;
    }

    /** {@return where the framework logs} */
    public OrchestratorLogger logger() {
        return logger;
    }

    /** {@return worker threads of the dispatcher's own pool (unused when it is given an executor)} */
    public int executionPoolSize() {
        return executionPoolSize;
    }

    /** {@return jobs that may wait for a worker of the dispatcher's own pool} */
    public int executionQueueCapacity() {
        return executionQueueCapacity;
    }

    /**
     * {@return jobs one dispatcher may have active at once (queued, running or waiting to retry), with
     * any executor; {@code dispatch} refuses more}
     */
    public int maxActiveJobs() {
        return maxActiveJobs;
    }

    /** {@return finished jobs the registry keeps; 0 keeps none} */
    public int historyMaxSize() {
        return historyMaxSize;
    }

    /** {@return how long the registry keeps a finished job} */
    public Duration historyTtl() {
        return historyTtl;
    }

    /** {@return defaults per job type, exact types only; unmodifiable} */
    public Map<Class<? extends BaseJob>, JobDefaults> jobDefaults() {
        return jobDefaults;
    }

    /**
     * {@return the defaults registered for exactly this type, or {@link JobDefaults#none()}}
     *
     * @param jobType the job type, not {@code null}
     */
    public JobDefaults jobDefaultsFor(Class<? extends BaseJob> jobType) {
        Objects.requireNonNull(jobType, "jobType must not be null");
        return jobDefaults.getOrDefault(jobType, JobDefaults.none());
    }

    /**
     * {@return the clock for circuit-breaker windows and history retention}; unless it is a
     * system clock ({@link Clock#systemUTC()}, {@link Clock#systemDefaultZone()}), it also measures job
     * timeouts (a test's virtual clock)
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "OrchestratorConfig[maxEventsPerSecond=" + maxEventsPerSecond + ", typeLimits=" + typeLimits
                + ", executionPoolSize=" + executionPoolSize + ", executionQueueCapacity=" + executionQueueCapacity
                + ", maxActiveJobs=" + maxActiveJobs + ", historyMaxSize=" + historyMaxSize + ", historyTtl="
                + historyTtl + ", jobDefaults=" + jobDefaults
                + "]";
    }

    /** Builds an {@link OrchestratorConfig}; each method checks its one value. Not thread-safe. */
    public static final class Builder {

        private int maxEventsPerSecond = DEFAULT_MAX_EVENTS_PER_SECOND;
        private final Map<Class<? extends BaseEvent>, Integer> typeLimits = new LinkedHashMap<>();
        private OrchestratorLogger logger = new ConsoleLogger();
        private int executionPoolSize = DEFAULT_EXECUTION_POOL_SIZE;
        private int executionQueueCapacity = DEFAULT_EXECUTION_QUEUE_CAPACITY;
        private int maxActiveJobs = DEFAULT_MAX_ACTIVE_JOBS;
        private int historyMaxSize = DEFAULT_HISTORY_MAX_SIZE;
        private Duration historyTtl = DEFAULT_HISTORY_TTL;
        private final Map<Class<? extends BaseJob>, JobDefaults> jobDefaults = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        private Builder(OrchestratorConfig base) {
            this.maxEventsPerSecond = base.maxEventsPerSecond;
            this.typeLimits.putAll(base.typeLimits);
            this.logger = base.logger;
            this.executionPoolSize = base.executionPoolSize;
            this.executionQueueCapacity = base.executionQueueCapacity;
            this.maxActiveJobs = base.maxActiveJobs;
            this.historyMaxSize = base.historyMaxSize;
            this.historyTtl = base.historyTtl;
            this.jobDefaults.putAll(base.jobDefaults);
            this.clock = base.clock;
        }

        /**
         * Sets the circuit breaker's limit per event type and second.
         *
         * @param limit events of one type an orchestrator handles per second, at least 1
         * @return this builder
         * @throws IllegalArgumentException when less than 1
         */
        public Builder maxEventsPerSecond(int limit) {
            this.maxEventsPerSecond = requireAtLeast("maxEventsPerSecond", limit, 1);
            return this;
        }

        /**
         * Overrides the circuit-breaker limit for one event type.
         *
         * @param eventType the exact event type, not {@code null}
         * @param limit events of that type an orchestrator handles per second, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code limit} is less than 1
         */
        public Builder typeLimit(Class<? extends BaseEvent> eventType, int limit) {
            Objects.requireNonNull(eventType, "eventType must not be null");
            typeLimits.put(eventType, requireAtLeast("typeLimit for " + eventType.getName(), limit, 1));
            return this;
        }

        /**
         * Sets where the framework reports what goes wrong.
         *
         * @param logger where the framework logs, not {@code null}
         * @return this builder
         */
        public Builder logger(OrchestratorLogger logger) {
            this.logger = Objects.requireNonNull(logger, "logger must not be null");
            return this;
        }

        /**
         * Sets the number of worker threads of the dispatcher's own pool.
         *
         * @param size worker threads of the dispatcher's own pool, at least 1
         * @return this builder
         * @throws IllegalArgumentException when less than 1
         */
        public Builder executionPoolSize(int size) {
            this.executionPoolSize = requireAtLeast("executionPoolSize", size, 1);
            return this;
        }

        /**
         * Sets how many jobs may wait for a worker of the dispatcher's own pool.
         *
         * @param capacity jobs that may wait for a worker, at least 1
         * @return this builder
         * @throws IllegalArgumentException when less than 1
         */
        public Builder executionQueueCapacity(int capacity) {
            this.executionQueueCapacity = requireAtLeast("executionQueueCapacity", capacity, 1);
            return this;
        }

        /**
         * Sets how many jobs one dispatcher may have active at once: queued, running or waiting to
         * retry, whatever executor runs them (virtual threads included).
         *
         * @param limit active jobs, at least 1
         * @return this builder
         * @throws IllegalArgumentException when less than 1
         */
        public Builder maxActiveJobs(int limit) {
            this.maxActiveJobs = requireAtLeast("maxActiveJobs", limit, 1);
            return this;
        }

        /**
         * Sets how many finished jobs the registry keeps.
         *
         * @param size finished jobs the registry keeps, 0 or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder historyMaxSize(int size) {
            this.historyMaxSize = requireAtLeast("historyMaxSize", size, 0);
            return this;
        }

        /**
         * Sets how long the registry keeps a finished job.
         *
         * @param ttl how long the registry keeps a finished job, positive
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder historyTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "historyTtl must not be null");
            if (ttl.isZero() || ttl.isNegative()) {
                throw new IllegalArgumentException("historyTtl must be positive, was " + ttl);
            }
            this.historyTtl = ttl;
            return this;
        }

        /**
         * Sets the defaults of one job type.
         *
         * @param jobType the exact job type, not {@code null}
         * @param defaults its defaults, not {@code null}
         * @return this builder
         */
        public Builder jobDefaults(Class<? extends BaseJob> jobType, JobDefaults defaults) {
            Objects.requireNonNull(jobType, "jobType must not be null");
            jobDefaults.put(jobType, Objects.requireNonNull(defaults, "defaults must not be null"));
            return this;
        }

        /**
         * Sets the clock of the circuit breaker and the registry, and (unless it is
         * a system clock, in any zone) the time that job timeouts are measured in: a test gives a
         * virtual clock here, with the matching scheduler on {@code Dispatcher.Builder#scheduler}.
         *
         * @param clock the clock for circuit-breaker windows, history retention and timeouts, not
         *     {@code null}; {@link Clock#systemUTC()} when not set
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /** {@return the configuration} */
        public OrchestratorConfig build() {
            return new OrchestratorConfig(this);
        }

        private static int requireAtLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
            }
            return value;
        }
    }
}
