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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Turns {@link OrchestratorProperties} into an {@link OrchestratorConfig}, checking every value
 * first so that a bad one fails startup with a message naming the property and what is valid.
 */
final class OrchestratorConfigFactory {

    private static final String PREFIX = "orchestrator.";

    /** The keys a job type may have under {@code orchestrator.jobs.<Job>}, in the form users type them. */
    static final List<String> JOB_KEYS = List.of(
            "timeout",
            "retry.max-retries",
            "retry.base-delay",
            "retry.max-delay",
            "retry.exponential-backoff",
            "retry.retry-on",
            "retry.ignore");

    private static final ConfigurationPropertyName JOBS = ConfigurationPropertyName.of("orchestrator.jobs");

    /** Where the properties came from, to show a bad value as the user wrote it; {@code null} when unknown. */
    private final @Nullable Environment environment;

    private OrchestratorConfigFactory(@Nullable Environment environment) {
        this.environment = environment;
    }

    /**
     * Creates the configuration.
     *
     * @param environment where the properties came from: unknown keys are found there, and error
     *     messages show a bad value as the user wrote it; {@code null} skips both
     */
    static OrchestratorConfig create(
            OrchestratorProperties properties,
            OrchestratorLogger logger,
            Collection<Class<? extends BaseJob>> jobTypes,
            @Nullable ClassLoader classLoader,
            @Nullable Environment environment) {
        if (environment != null) {
            RemovedProperties.check(environment);
            checkJobKeys(environment);
        }
        return new OrchestratorConfigFactory(environment).doCreate(properties, logger, jobTypes, classLoader);
    }

    private OrchestratorConfig doCreate(
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
            String property = "circuit-breaker.type-limits[" + name + "]";
            config.typeLimit(eventType(property, name, classLoader), atLeast(property, limit == null ? 0 : limit, 1));
        });
        properties.getJobs().forEach((name, job) -> {
            Class<? extends BaseJob> jobType = jobType(name, jobTypes);
            config.jobDefaults(jobType, jobDefaults(jobProperty(name), job, classLoader));
        });
        return config.build();
    }

    private Class<? extends BaseEvent> eventType(String property, String className, @Nullable ClassLoader classLoader) {
        Class<?> type;
        try {
            type = ClassUtils.forName(className, classLoader);
        } catch (ClassNotFoundException | LinkageError ex) {
            throw invalidKey(
                    property,
                    className,
                    "the key must be the fully qualified name of an existing BaseEvent subclass; no class " + className
                            + " was found");
        }
        if (!BaseEvent.class.isAssignableFrom(type)) {
            throw invalidKey(
                    property,
                    className,
                    "the key must name a subclass of " + BaseEvent.class.getName() + "; " + className + " is not one");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            // a limit applies to events of exactly that class: on an abstract one it would never apply
            throw invalidKey(
                    property,
                    className,
                    "the key must name a concrete event class, since a limit applies to events "
                            + "of exactly that class; " + className + " is abstract");
        }
        return type.asSubclass(BaseEvent.class);
    }

    private Class<? extends BaseJob> jobType(String name, Collection<Class<? extends BaseJob>> jobTypes) {
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
            throw invalidKey(
                    jobProperty(name),
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
        throw invalidKey(
                jobProperty(name),
                name,
                "the key must be the simple name of a job type that an @Executor handles (" + known + ")");
    }

    /** {@code jobs.PingJob}, or {@code jobs[com.example.PingJob]} for a key with dots: a name users can type. */
    private static String jobProperty(String name) {
        return name.contains(".") ? "jobs[" + name + "]" : "jobs." + name;
    }

    private JobDefaults jobDefaults(String prefix, OrchestratorProperties.Job job, @Nullable ClassLoader classLoader) {
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
        policy.retryOn(exceptionTypes(prefix + ".retry.retry-on", retry.getRetryOn(), classLoader, true));
        policy.ignore(exceptionTypes(prefix + ".retry.ignore", retry.getIgnore(), classLoader, false));
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

    private List<Class<? extends Throwable>> exceptionTypes(
            String property, List<String> names, @Nullable ClassLoader classLoader, boolean retried) {
        List<Class<? extends Throwable>> types = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String element = property + "[" + i + "]";
            String name = names.get(i) == null ? "" : names.get(i).trim();
            Class<?> type;
            try {
                type = ClassUtils.forName(name, classLoader);
            } catch (ClassNotFoundException | LinkageError | IllegalArgumentException ex) {
                throw invalid(
                        element,
                        name,
                        "must be the fully qualified name of an exception class, such as java.io.IOException; no"
                                + " class " + name + " was found");
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                throw invalid(
                        element,
                        name,
                        "must name an exception class (a subclass of java.lang.Exception); " + name + " is not one");
            }
            if (retried && Error.class.isAssignableFrom(type)) {
                throw invalid(
                        element,
                        name,
                        "must name an exception class; " + name + " is an Error, and an Error is never retried");
            }
            types.add(type.asSubclass(Throwable.class));
        }
        return types;
    }

    /**
     * Fails on a key under {@code orchestrator.jobs.<Job>} that binds to nothing (a typo such as
     * {@code retry.max-retry} would otherwise be ignored), listing the valid keys.
     */
    private static void checkJobKeys(Environment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            List<ConfigurationPropertyName> names;
            try (Stream<ConfigurationPropertyName> stream = iterable.stream()) {
                names = stream.filter(JOBS::isAncestorOf).collect(Collectors.toList());
            }
            for (ConfigurationPropertyName name : names) {
                if (!isJobKey(name)) {
                    String typed = typed(name);
                    throw OrchestratorConfigurationException.invalidProperty(
                            typed,
                            String.valueOf(Objects.requireNonNull(source.getConfigurationProperty(name))
                                    .getValue()),
                            "unknown key; the keys of a job type are orchestrator.jobs.<Job>."
                                    + String.join(", .", JOB_KEYS));
                }
            }
        }
    }

    private static boolean isJobKey(ConfigurationPropertyName name) {
        int elements = name.getNumberOfElements();
        StringBuilder key = new StringBuilder();
        for (int i = 3; i < elements; i++) {
            if (name.isNumericIndex(i)) {
                continue; // retry-on[0], ignore[1]
            }
            key.append(key.length() > 0 ? "." : "").append(name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
        }
        String uniform = key.toString();
        return JOB_KEYS.stream().anyMatch(valid -> valid.replace("-", "").equals(uniform));
    }

    /** The property as a user types it: map keys with dots in brackets, the rest as written. */
    private static String typed(ConfigurationPropertyName name) {
        StringBuilder typed = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            String element = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
            if (name.isNumericIndex(i) || element.contains(".")) {
                typed.append('[').append(element).append(']');
            } else {
                typed.append(typed.length() > 0 ? "." : "").append(element);
            }
        }
        return typed.toString();
    }

    private int atLeast(String property, int value, int min) {
        if (value < min) {
            throw invalid(property, value, "must be an integer >= " + min);
        }
        return value;
    }

    private Duration positive(String property, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(property, value, "must be a positive duration, such as 30s");
        }
        return value;
    }

    private Duration notNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw invalid(property, value, "must be a duration >= 0, such as 30s");
        }
        return value;
    }

    private OrchestratorConfigurationException invalid(String property, @Nullable Object value, String valid) {
        return OrchestratorConfigurationException.invalidProperty(
                PREFIX + property, String.valueOf(rawValue(property, value)), valid);
    }

    /** A bad map key: the message shows the key itself, not the value under it. */
    private static OrchestratorConfigurationException invalidKey(String property, String key, String valid) {
        return OrchestratorConfigurationException.invalidProperty(PREFIX + property, key, valid);
    }

    /** The value as the user wrote it ({@code -1s} rather than {@code PT-1S}), when the environment has it. */
    private @Nullable Object rawValue(String property, @Nullable Object bound) {
        Environment environment = this.environment;
        if (environment == null) {
            return bound;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(PREFIX + property);
        if (name == null) {
            name = ConfigurationPropertyName.adapt(PREFIX + property, '.');
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null && found.getValue() != null) {
                return String.valueOf(found.getValue());
            }
        }
        return bound;
    }

    private static String normalize(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
