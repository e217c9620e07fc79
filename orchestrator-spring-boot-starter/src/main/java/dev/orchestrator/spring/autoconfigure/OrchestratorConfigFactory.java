package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.config.JobDefaults;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Turns {@link OrchestratorProperties} into an {@link OrchestratorConfig}, checking every value
 * first so that a bad one fails startup with a message naming the property and what is valid.
 */
final class OrchestratorConfigFactory {

    private static final String PREFIX = "orchestrator.";

    private OrchestratorConfigFactory() {}

    static OrchestratorConfig create(
            OrchestratorProperties properties,
            OrchestratorLogger logger,
            Collection<Class<? extends BaseJob>> jobTypes,
            @Nullable ClassLoader classLoader) {
        OrchestratorProperties.CircuitBreaker breaker = properties.getCircuitBreaker();
        OrchestratorConfig.Builder config = OrchestratorConfig.custom()
                .logger(logger)
                .maxEventsPerSecond(
                        atLeast("circuit-breaker.max-events-per-second", breaker.getMaxEventsPerSecond(), 1))
                .executionPoolSize(
                        atLeast("execution.pool-size", properties.getExecution().getPoolSize(), 1))
                .executionQueueCapacity(atLeast(
                        "execution.queue-capacity", properties.getExecution().getQueueCapacity(), 1))
                .maxActiveJobs(atLeast(
                        "execution.max-active-jobs", properties.getExecution().getMaxActiveJobs(), 1))
                .historyMaxSize(
                        atLeast("history.max-size", properties.getHistory().getMaxSize(), 0))
                .historyTtl(positive("history.ttl", properties.getHistory().getTtl()));
        notNegative("shutdown.grace-period", properties.getShutdown().getGracePeriod());
        breaker.getTypeLimits().forEach((name, limit) -> {
            String property = "circuit-breaker.type-limits." + name;
            config.typeLimit(eventType(property, name, classLoader), atLeast(property, limit == null ? 0 : limit, 1));
        });
        properties.getJobs().forEach((name, job) -> {
            Class<? extends BaseJob> jobType = jobType(name, jobTypes);
            config.jobDefaults(jobType, jobDefaults("jobs." + name, job));
        });
        return config.build();
    }

    private static Class<? extends BaseEvent> eventType(
            String property, String className, @Nullable ClassLoader classLoader) {
        Class<?> type;
        try {
            type = ClassUtils.forName(className, classLoader);
        } catch (ClassNotFoundException | LinkageError ex) {
            throw invalid(
                    property,
                    className,
                    "the key must be the fully qualified name of an existing BaseEvent subclass; no class " + className
                            + " was found");
        }
        if (!BaseEvent.class.isAssignableFrom(type)) {
            throw invalid(
                    property,
                    className,
                    "the key must name a subclass of " + BaseEvent.class.getName() + "; " + className + " is not one");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            // a limit applies to events of exactly that class: on an abstract one it would never apply
            throw invalid(
                    property,
                    className,
                    "the key must name a concrete event class, since a limit applies to events "
                            + "of exactly that class; " + className + " is abstract");
        }
        return type.asSubclass(BaseEvent.class);
    }

    private static Class<? extends BaseJob> jobType(String name, Collection<Class<? extends BaseJob>> jobTypes) {
        for (Class<? extends BaseJob> type : jobTypes) {
            if (type.getName().equals(name)) {
                return type;
            }
        }
        String wanted = normalize(name);
        List<Class<? extends BaseJob>> matches = jobTypes.stream()
                .filter(type -> normalize(type.getSimpleName()).equals(wanted))
                .collect(Collectors.toList());
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw invalid(
                    "jobs." + name,
                    name,
                    "the simple name is shared by the job types "
                            + matches.stream().map(Class::getName).sorted().collect(Collectors.joining(", "))
                            + "; use the fully qualified name in brackets, such as orchestrator.jobs["
                            + matches.get(0).getName()
                            + "].timeout");
        }
        String known = jobTypes.isEmpty()
                ? "none"
                : jobTypes.stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", "));
        throw invalid(
                "jobs." + name,
                name,
                "the key must be the simple name of a job type that an @Executor handles (" + known + ")");
    }

    private static JobDefaults jobDefaults(String prefix, OrchestratorProperties.Job job) {
        Duration timeout = job.getTimeout() == null ? null : positive(prefix + ".timeout", job.getTimeout());
        OrchestratorProperties.Retry retry = job.getRetry();
        if (!retry.isSet()) {
            return JobDefaults.of(timeout, null);
        }
        RetryPolicy.Builder policy = RetryPolicy.custom();
        if (retry.getMaxRetries() != null) {
            policy.maxRetries(atLeast(prefix + ".retry.max-retries", retry.getMaxRetries(), 0));
        }
        if (retry.getBaseDelay() != null) {
            policy.baseDelay(notNegative(prefix + ".retry.base-delay", retry.getBaseDelay()));
        }
        if (retry.getMaxDelay() != null) {
            policy.maxDelay(notNegative(prefix + ".retry.max-delay", retry.getMaxDelay()));
        }
        if (retry.getExponentialBackoff() != null) {
            policy.exponentialBackoff(retry.getExponentialBackoff());
        }
        try {
            return JobDefaults.of(timeout, policy.build());
        } catch (IllegalArgumentException ex) {
            Duration maxDelay = retry.getMaxDelay() != null ? retry.getMaxDelay() : RetryPolicy.DEFAULT_MAX_DELAY;
            throw invalid(
                    prefix + ".retry.max-delay",
                    maxDelay,
                    "must be at least the base delay ("
                            + (retry.getBaseDelay() != null ? retry.getBaseDelay() : RetryPolicy.DEFAULT_BASE_DELAY)
                            + ")");
        }
    }

    private static int atLeast(String property, int value, int min) {
        if (value < min) {
            throw invalid(property, value, "must be an integer >= " + min);
        }
        return value;
    }

    private static Duration positive(String property, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(property, value, "must be a positive duration, such as 30s");
        }
        return value;
    }

    private static Duration notNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw invalid(property, value, "must be a duration >= 0, such as 30s");
        }
        return value;
    }

    private static OrchestratorConfigurationException invalid(String property, Object value, String valid) {
        return OrchestratorConfigurationException.invalidProperty(PREFIX + property, value, valid);
    }

    private static String normalize(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
