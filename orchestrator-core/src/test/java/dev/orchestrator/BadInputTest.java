package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.config.JobDefaults;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.EventChain;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.ConsoleLogger;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.retry.RetryPolicy;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins contract point 11 for cancellation, retry, logging, config, events and job options: each null, negative or NaN argument of a public constructor, factory or builder method fails at once, naming the parameter and value. */
class BadInputTest {

    static final class SomeJob extends BaseJob {
        SomeJob(String id) {
            super(id);
        }

        SomeJob(JobOptions options) {
            super(options);
        }
    }

    static final class SomeEvent extends BaseEvent {
        SomeEvent(String correlationId) {
            super(correlationId);
        }

        SomeEvent(String correlationId, Instant timestamp) {
            super(correlationId, timestamp);
        }
    }

    private static final Class<NullPointerException> NPE = NullPointerException.class;
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final RuntimeException ERROR = new RuntimeException("x");

    /**
     * A row: the member it covers ({@code Class#method}, {@code Class#new} for constructors), the
     * call, the exception type, and what the message must contain: the parameter's name and, where
     * there is one, the bad value.
     */
    private static Arguments row(
            String member,
            String call,
            Class<? extends Throwable> type,
            ThrowingCallable callable,
            String... messageParts) {
        return Arguments.of(member, call, type, callable, List.of(messageParts));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // cancellation
                row(
                        "CancellationToken#onCancel",
                        "onCancel(null)",
                        NPE,
                        () -> new CancellationToken().onCancel(null),
                        "callback"),

                // retry
                row(
                        "RetryPolicy.Builder#maxRetries",
                        "maxRetries(-1)",
                        IAE,
                        () -> RetryPolicy.custom().maxRetries(-1),
                        "maxRetries",
                        "-1"),
                row(
                        "RetryPolicy.Builder#maxRetries",
                        "maxRetries(MIN_VALUE)",
                        IAE,
                        () -> RetryPolicy.custom().maxRetries(Integer.MIN_VALUE),
                        "maxRetries",
                        "-2147483648"),
                row(
                        "RetryPolicy.Builder#baseDelay",
                        "baseDelay(null)",
                        NPE,
                        () -> RetryPolicy.custom().baseDelay(null),
                        "baseDelay"),
                row(
                        "RetryPolicy.Builder#baseDelay",
                        "baseDelay(-1ms)",
                        IAE,
                        () -> RetryPolicy.custom().baseDelay(Duration.ofMillis(-1)),
                        "baseDelay",
                        "PT-0.001S"),
                row(
                        "RetryPolicy.Builder#maxDelay",
                        "maxDelay(null)",
                        NPE,
                        () -> RetryPolicy.custom().maxDelay(null),
                        "maxDelay"),
                row(
                        "RetryPolicy.Builder#maxDelay",
                        "maxDelay(-1s)",
                        IAE,
                        () -> RetryPolicy.custom().maxDelay(Duration.ofSeconds(-1)),
                        "maxDelay",
                        "PT-1S"),
                row(
                        "RetryPolicy.Builder#jitter",
                        "jitter(NaN)",
                        IAE,
                        () -> RetryPolicy.custom().jitter(Double.NaN),
                        "jitter",
                        "NaN"),
                row(
                        "RetryPolicy.Builder#jitter",
                        "jitter(-0.1)",
                        IAE,
                        () -> RetryPolicy.custom().jitter(-0.1),
                        "jitter",
                        "-0.1"),
                row(
                        "RetryPolicy.Builder#jitter",
                        "jitter(1.5)",
                        IAE,
                        () -> RetryPolicy.custom().jitter(1.5),
                        "jitter",
                        "1.5"),
                row(
                        "RetryPolicy.Builder#build",
                        "build() with maxDelay < baseDelay",
                        IAE,
                        () -> RetryPolicy.custom()
                                .maxDelay(Duration.ofMillis(500))
                                .build(),
                        "maxDelay",
                        "PT0.5S",
                        "baseDelay",
                        "PT1S"),
                row("RetryPolicy#from", "from(null)", NPE, () -> RetryPolicy.from(null), "base"),
                row(
                        "RetryPolicy#getDelay",
                        "getDelay(0)",
                        IAE,
                        () -> RetryPolicy.ofDefaults().getDelay(0),
                        "attempt",
                        "numbered from 1",
                        "was 0"),
                row(
                        "RetryPolicy#canRetry",
                        "canRetry(error, 0)",
                        IAE,
                        () -> RetryPolicy.ofDefaults().canRetry(ERROR, 0),
                        "currentAttempt",
                        "was 0"),
                row(
                        "RetryPolicy.Builder#retryOn",
                        "retryOn(null)",
                        NPE,
                        () -> RetryPolicy.custom().retryOn((Class<? extends Throwable>[]) null),
                        "retryOn"),
                row(
                        "RetryPolicy.Builder#retryOn",
                        "retryOn(StackOverflowError)",
                        IAE,
                        () -> RetryPolicy.custom().retryOn(StackOverflowError.class),
                        "retryOn",
                        "java.lang.StackOverflowError"),
                row(
                        "RetryPolicy.Builder#ignore",
                        "ignore(null element)",
                        NPE,
                        () -> RetryPolicy.custom().ignore(IllegalStateException.class, null),
                        "ignore"),
                row("EventChain#enter", "enter(-1)", IAE, () -> EventChain.enter(-1), "depth", "-1"),

                // logging
                row(
                        "ConsoleLogger#new",
                        "new ConsoleLogger(null)",
                        NPE,
                        () -> new ConsoleLogger((LogLevel) null),
                        "minLevel"),
                row(
                        "ConsoleLogger#new",
                        "new ConsoleLogger(null, out)",
                        NPE,
                        () -> new ConsoleLogger(null, System.out),
                        "minLevel"),
                row(
                        "ConsoleLogger#new",
                        "new ConsoleLogger(INFO, null)",
                        NPE,
                        () -> new ConsoleLogger(LogLevel.INFO, (PrintStream) null),
                        "out"),

                // OrchestratorConfig and JobDefaults (limits)
                row(
                        "OrchestratorConfig.Builder#maxEventsPerSecond",
                        "maxEventsPerSecond(0)",
                        IAE,
                        () -> OrchestratorConfig.custom().maxEventsPerSecond(0),
                        "maxEventsPerSecond",
                        "was 0"),
                row(
                        "OrchestratorConfig.Builder#maxEventsPerSecond",
                        "maxEventsPerSecond(-1)",
                        IAE,
                        () -> OrchestratorConfig.custom().maxEventsPerSecond(-1),
                        "maxEventsPerSecond",
                        "-1"),
                row(
                        "OrchestratorConfig.Builder#typeLimit",
                        "typeLimit(null, 5)",
                        NPE,
                        () -> OrchestratorConfig.custom().typeLimit(null, 5),
                        "eventType"),
                row(
                        "OrchestratorConfig.Builder#typeLimit",
                        "typeLimit(SomeEvent, -1)",
                        IAE,
                        () -> OrchestratorConfig.custom().typeLimit(SomeEvent.class, -1),
                        "typeLimit",
                        "SomeEvent",
                        "-1"),
                row(
                        "OrchestratorConfig.Builder#logger",
                        "logger(null)",
                        NPE,
                        () -> OrchestratorConfig.custom().logger(null),
                        "logger"),
                row(
                        "OrchestratorConfig.Builder#executionPoolSize",
                        "executionPoolSize(-1)",
                        IAE,
                        () -> OrchestratorConfig.custom().executionPoolSize(-1),
                        "executionPoolSize",
                        "-1"),
                row(
                        "OrchestratorConfig.Builder#executionQueueCapacity",
                        "executionQueueCapacity(0)",
                        IAE,
                        () -> OrchestratorConfig.custom().executionQueueCapacity(0),
                        "executionQueueCapacity",
                        "was 0"),
                row(
                        "OrchestratorConfig.Builder#maxActiveJobs",
                        "maxActiveJobs(0)",
                        IAE,
                        () -> OrchestratorConfig.custom().maxActiveJobs(0),
                        "maxActiveJobs",
                        "was 0"),
                row(
                        "OrchestratorConfig.Builder#historyMaxSize",
                        "historyMaxSize(-1)",
                        IAE,
                        () -> OrchestratorConfig.custom().historyMaxSize(-1),
                        "historyMaxSize",
                        "-1"),
                row(
                        "OrchestratorConfig.Builder#historyTtl",
                        "historyTtl(null)",
                        NPE,
                        () -> OrchestratorConfig.custom().historyTtl(null),
                        "historyTtl"),
                row(
                        "OrchestratorConfig.Builder#historyTtl",
                        "historyTtl(-1s)",
                        IAE,
                        () -> OrchestratorConfig.custom().historyTtl(Duration.ofSeconds(-1)),
                        "historyTtl",
                        "PT-1S"),
                row(
                        "OrchestratorConfig.Builder#jobDefaults",
                        "jobDefaults(null, none)",
                        NPE,
                        () -> OrchestratorConfig.custom().jobDefaults(null, JobDefaults.none()),
                        "jobType"),
                row(
                        "OrchestratorConfig.Builder#jobDefaults",
                        "jobDefaults(SomeJob, null)",
                        NPE,
                        () -> OrchestratorConfig.custom().jobDefaults(SomeJob.class, null),
                        "defaults"),
                row(
                        "OrchestratorConfig.Builder#clock",
                        "clock(null)",
                        NPE,
                        () -> OrchestratorConfig.custom().clock(null),
                        "clock"),
                row("OrchestratorConfig#from", "from(null)", NPE, () -> OrchestratorConfig.from(null), "base"),
                row(
                        "OrchestratorConfig#limitFor",
                        "limitFor(null)",
                        NPE,
                        () -> OrchestratorConfig.ofDefaults().limitFor(null),
                        "eventType"),
                row(
                        "OrchestratorConfig#jobDefaultsFor",
                        "jobDefaultsFor(null)",
                        NPE,
                        () -> OrchestratorConfig.ofDefaults().jobDefaultsFor(null),
                        "jobType"),
                row(
                        "JobDefaults#of",
                        "of(-1s, null)",
                        IAE,
                        () -> JobDefaults.of(Duration.ofSeconds(-1), null),
                        "timeout",
                        "PT-1S"),
                row(
                        "JobDefaults#of",
                        "of(0s, null)",
                        IAE,
                        () -> JobDefaults.of(Duration.ZERO, null),
                        "timeout",
                        "PT0S"),

                // events
                row(
                        "BaseEvent#new",
                        "domain event with null correlationId",
                        NPE,
                        () -> new SomeEvent(null),
                        "correlationId"),
                row(
                        "BaseEvent#new",
                        "domain event with null timestamp",
                        NPE,
                        () -> new SomeEvent("id", null),
                        "timestamp"),
                row(
                        "JobStartedEvent#new",
                        "new JobStartedEvent(id, null)",
                        NPE,
                        () -> new JobStartedEvent("id", null),
                        "jobType"),
                row(
                        "JobStartedEvent#new",
                        "new JobStartedEvent(null, type)",
                        NPE,
                        () -> new JobStartedEvent(null, SomeJob.class),
                        "correlationId"),
                row(
                        "JobCancelledEvent#new",
                        "new JobCancelledEvent(null, type)",
                        NPE,
                        () -> new JobCancelledEvent(null, SomeJob.class),
                        "correlationId"),
                row(
                        "JobCancelledEvent#new",
                        "new JobCancelledEvent(id, null)",
                        NPE,
                        () -> new JobCancelledEvent("id", null),
                        "jobType"),
                row(
                        "JobSuccessEvent#new",
                        "new JobSuccessEvent(null, type, data)",
                        NPE,
                        () -> new JobSuccessEvent(null, SomeJob.class, "data"),
                        "correlationId"),
                row(
                        "JobSuccessEvent#new",
                        "new JobSuccessEvent(id, null, data)",
                        NPE,
                        () -> new JobSuccessEvent("id", null, "data"),
                        "jobType"),
                row(
                        "JobFailureEvent#new",
                        "new JobFailureEvent(id, type, null, 1)",
                        NPE,
                        () -> new JobFailureEvent("id", SomeJob.class, null, 1),
                        "error"),
                row(
                        "JobFailureEvent#new",
                        "new JobFailureEvent(id, null, error, 1)",
                        NPE,
                        () -> new JobFailureEvent("id", null, ERROR, 1),
                        "jobType"),
                row(
                        "JobTimeoutEvent#new",
                        "new JobTimeoutEvent(id, type, null)",
                        NPE,
                        () -> new JobTimeoutEvent("id", SomeJob.class, null),
                        "timeout"),
                row(
                        "JobTimeoutEvent#new",
                        "new JobTimeoutEvent(id, type, -1s)",
                        IAE,
                        () -> new JobTimeoutEvent("id", SomeJob.class, Duration.ofSeconds(-1)),
                        "timeout",
                        "PT-1S"),
                row(
                        "JobProgressEvent#new",
                        "progress NaN",
                        IAE,
                        () -> new JobProgressEvent("id", SomeJob.class, Double.NaN, null, null, null),
                        "progress",
                        "NaN"),
                row(
                        "JobProgressEvent#new",
                        "totalSteps -1",
                        IAE,
                        () -> new JobProgressEvent("id", SomeJob.class, 0.5, null, null, -1),
                        "totalSteps",
                        "-1"),
                row(
                        "JobProgressEvent#new",
                        "currentStep -1",
                        IAE,
                        () -> new JobProgressEvent("id", SomeJob.class, 0.5, null, -1, 3),
                        "currentStep",
                        "-1"),
                row(
                        "JobProgressEvent#new",
                        "null jobType",
                        NPE,
                        () -> new JobProgressEvent("id", null, 0.5, null, null, null),
                        "jobType"),
                row(
                        "JobProgressEvent#clamp",
                        "clamp(NaN)",
                        IAE,
                        () -> JobProgressEvent.clamp(Double.NaN),
                        "progress",
                        "NaN"),
                row(
                        "JobRetryingEvent#new",
                        "attempt -1",
                        IAE,
                        () -> new JobRetryingEvent("id", SomeJob.class, -1, 3, ERROR, Duration.ZERO),
                        "attempt",
                        "-1"),
                row(
                        "JobRetryingEvent#new",
                        "maxAttempts 1 after attempt 1",
                        IAE,
                        () -> new JobRetryingEvent("id", SomeJob.class, 1, 1, ERROR, Duration.ZERO),
                        "maxAttempts",
                        "was 1"),
                row(
                        "JobFailureEvent#new",
                        "attempts 0",
                        IAE,
                        () -> new JobFailureEvent("id", SomeJob.class, ERROR, 0),
                        "attempts",
                        "was 0"),
                row(
                        "JobRetryingEvent#new",
                        "lastError null",
                        NPE,
                        () -> new JobRetryingEvent("id", SomeJob.class, 1, 3, null, Duration.ZERO),
                        "lastError"),
                row(
                        "JobRetryingEvent#new",
                        "delayBeforeRetry null",
                        NPE,
                        () -> new JobRetryingEvent("id", SomeJob.class, 1, 3, ERROR, null),
                        "delayBeforeRetry"),
                row(
                        "JobRetryingEvent#new",
                        "delayBeforeRetry -1ms",
                        IAE,
                        () -> new JobRetryingEvent("id", SomeJob.class, 1, 3, ERROR, Duration.ofMillis(-1)),
                        "delayBeforeRetry",
                        "PT-0.001S"),

                // job options and BaseJob constructors
                row(
                        "JobOptions.Builder#id",
                        "id(null)",
                        NPE,
                        () -> JobOptions.builder().id(null),
                        "id"),
                row(
                        "JobOptions.Builder#id",
                        "id(\"  \")",
                        IAE,
                        () -> JobOptions.builder().id("  "),
                        "id",
                        "'  '"),
                row(
                        "JobOptions.Builder#timeout",
                        "timeout(null)",
                        NPE,
                        () -> JobOptions.builder().timeout(null),
                        "timeout"),
                row(
                        "JobOptions.Builder#timeout",
                        "timeout(-1s)",
                        IAE,
                        () -> JobOptions.builder().timeout(Duration.ofSeconds(-1)),
                        "timeout",
                        "PT-1S"),
                row(
                        "JobOptions.Builder#timeout",
                        "timeout(0)",
                        IAE,
                        () -> JobOptions.builder().timeout(Duration.ZERO),
                        "timeout",
                        "PT0S"),
                row(
                        "JobOptions.Builder#cancellationToken",
                        "cancellationToken(null)",
                        NPE,
                        () -> JobOptions.builder().cancellationToken(null),
                        "cancellationToken"),
                row(
                        "JobOptions.Builder#retryPolicy",
                        "retryPolicy(null)",
                        NPE,
                        () -> JobOptions.builder().retryPolicy(null),
                        "retryPolicy"),
                row(
                        "JobOptions.Builder#metadata",
                        "metadata(null, v)",
                        NPE,
                        () -> JobOptions.builder().metadata(null, "v"),
                        "metadata key"),
                row(
                        "JobOptions.Builder#metadata",
                        "metadata(k, null)",
                        NPE,
                        () -> JobOptions.builder().metadata("tenant", null),
                        "metadata value",
                        "'tenant'"),
                row("BaseJob#new", "new job with null options", NPE, () -> new SomeJob((JobOptions) null), "options"),
                row("BaseJob#new", "new job with null id", NPE, () -> new SomeJob((String) null), "id"),
                row("BaseJob#new", "new job with blank id", IAE, () -> new SomeJob(" "), "id", "' '"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInputs")
    void badInputFailsAtOnceWithAMessageNamingTheParameterAndValue(
            String member,
            String call,
            Class<? extends Throwable> type,
            ThrowingCallable callable,
            List<String> messageParts) {
        assertThatThrownBy(callable)
                .as(call)
                .isInstanceOf(type)
                .hasMessageContainingAll(messageParts.toArray(String[]::new));
    }

    /** Members whose every argument is valid, so they have no row. */
    private static final Set<String> NO_BAD_INPUT = Set.of(
            "RetryPolicy.Builder#exponentialBackoff", // a boolean
            "RetryPolicy.Builder#shouldRetry", // null is documented: retry every error
            "EventChain#restore"); // takes back what enter returned; a negative value is read as 0

    @Test
    void tableCoversEveryPublicConstructorFactoryAndBuilderMethodThatTakesArguments() {
        List<Class<?>> types = List.of(
                CancellationToken.class,
                RetryPolicy.class,
                RetryPolicy.Builder.class,
                ConsoleLogger.class,
                OrchestratorConfig.class,
                OrchestratorConfig.Builder.class,
                JobDefaults.class,
                BaseEvent.class,
                EventChain.class,
                JobStartedEvent.class,
                JobProgressEvent.class,
                JobRetryingEvent.class,
                JobSuccessEvent.class,
                JobFailureEvent.class,
                JobCancelledEvent.class,
                JobTimeoutEvent.class,
                JobOptions.class,
                JobOptions.Builder.class,
                BaseJob.class);
        Set<String> members = new TreeSet<>();
        for (Class<?> type : types) {
            String name =
                    type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                int modifiers = constructor.getModifiers();
                if ((Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))
                        && constructor.getParameterCount() > 0) {
                    members.add(name + "#new");
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                boolean builderMethod = type.getSimpleName().equals("Builder");
                // a static predicate (JobOptions.isValidId) answers bad input with false, by design
                boolean factory = Modifier.isStatic(method.getModifiers()) && method.getReturnType() != boolean.class;
                boolean registration = type == CancellationToken.class;
                if (Modifier.isPublic(method.getModifiers())
                        && method.getParameterCount() > 0
                        && (builderMethod || factory || registration)) {
                    members.add(name + "#" + method.getName());
                }
            }
        }
        Set<String> covered =
                badInputs().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());

        members.removeAll(NO_BAD_INPUT);
        assertThat(covered).containsAll(members);
        assertThat(badInputs().count()).isGreaterThanOrEqualTo(25);
    }
}
