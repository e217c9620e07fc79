package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.config.JobDefaults;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.Executor;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import dev.orchestrator.spring.diagnostics.OrchestratorFailureAnalyzer;
import dev.orchestrator.spring.fixtures.PingExecutor;
import dev.orchestrator.spring.fixtures.PingJob;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Issue 3, "orchestrator.* properties": an invalid value fails startup with a message, and a
 * failure analysis, naming the property, the bad value and the valid range.
 */
class OrchestratorPropertiesValidationTest {

    private static final String EVENT = "dev.orchestrator.event.JobProgressEvent";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
            .withBean(PingExecutor.class);

    static Stream<Arguments> invalidProperties() {
        return Stream.of(
                row("circuit-breaker.max-events-per-second=-1", "circuit-breaker.max-events-per-second", "-1", ">= 1"),
                row("circuit-breaker.max-events-per-second=0", "circuit-breaker.max-events-per-second", "0", ">= 1"),
                row(
                        "circuit-breaker.type-limits.com.example.NoSuchEvent=5",
                        "circuit-breaker.type-limits[com.example.NoSuchEvent]",
                        "com.example.NoSuchEvent",
                        "fully qualified name of an existing BaseEvent subclass"),
                row(
                        "circuit-breaker.type-limits.java.lang.String=5",
                        "circuit-breaker.type-limits[java.lang.String]",
                        "java.lang.String",
                        "must name a subclass of dev.orchestrator.event.BaseEvent"),
                row(
                        "circuit-breaker.type-limits." + EVENT + "=0",
                        "circuit-breaker.type-limits[" + EVENT + "]",
                        "0",
                        ">= 1"),
                row("execution.pool-size=-2", "execution.pool-size", "-2", ">= 1"),
                row("execution.pool-size=0", "execution.pool-size", "0", ">= 1"),
                row("execution.queue-capacity=-1", "execution.queue-capacity", "-1", ">= 1"),
                row("execution.max-active-jobs=0", "execution.max-active-jobs", "0", ">= 1"),
                row("history.max-size=-1", "history.max-size", "-1", ">= 0"),
                row("history.ttl=0s", "history.ttl", "0s", "positive duration"),
                row("history.ttl=-5m", "history.ttl", "-5m", "positive duration"),
                row("shutdown.grace-period=-1s", "shutdown.grace-period", "-1s", "duration >= 0"),
                row(
                        "jobs.UnknownJob.timeout=5s",
                        "jobs.UnknownJob",
                        "UnknownJob",
                        "simple name of a job type that an @Executor handles (PingJob)"),
                row("jobs.PingJob.timeout=0s", "jobs.PingJob.timeout", "0s", "positive duration"),
                row("jobs.PingJob.retry.max-retries=-1", "jobs.PingJob.retry.max-retries", "-1", ">= 0"),
                row("jobs.PingJob.retry.base-delay=-1ms", "jobs.PingJob.retry.base-delay", "-1ms", ">= 0"),
                row("jobs.PingJob.retry.max-delay=-1ms", "jobs.PingJob.retry.max-delay", "-1ms", ">= 0"),
                row(
                        "jobs.PingJob.retry.retry-on=com.example.NoSuchException",
                        "jobs.PingJob.retry.retry-on[0]",
                        "com.example.NoSuchException",
                        "fully qualified name of an exception class, such as java.io.IOException"),
                row(
                        "jobs.PingJob.retry.retry-on=java.io.IOException,java.lang.String",
                        "jobs.PingJob.retry.retry-on[1]",
                        "java.lang.String",
                        "must name an exception class (a subclass of java.lang.Exception)"),
                row(
                        "jobs.PingJob.retry.retry-on=java.lang.OutOfMemoryError",
                        "jobs.PingJob.retry.retry-on[0]",
                        "java.lang.OutOfMemoryError",
                        "an Error is never retried"),
                row(
                        "jobs.PingJob.retry.ignore[0]=com.example.Unauthorized",
                        "jobs.PingJob.retry.ignore[0]",
                        "com.example.Unauthorized",
                        "no class com.example.Unauthorized was found"),
                row(
                        "jobs.PingJob.retry.max-retry=5",
                        "jobs.PingJob.retry.max-retry",
                        "5",
                        "unknown key; the keys of a job type are orchestrator.jobs.<Job>.timeout, .retry.max-retries,"
                                + " .retry.base-delay, .retry.max-delay, .retry.exponential-backoff, .retry.retry-on,"
                                + " .retry.ignore"),
                row(
                        "jobs[dev.orchestrator.spring.fixtures.PingJob].timout=5s",
                        "jobs[dev.orchestrator.spring.fixtures.PingJob].timout",
                        "5s",
                        "unknown key"),
                Arguments.of(
                        new String[] {
                            "orchestrator.jobs.PingJob.retry.base-delay=2s",
                            "orchestrator.jobs.PingJob.retry.max-delay=1s"
                        },
                        "orchestrator.jobs.PingJob.retry.max-delay",
                        "1s",
                        "at least the base delay (PT2S)"),
                // max-delay left at its default (30 s) is still below the base delay
                row(
                        "jobs.PingJob.retry.base-delay=1m",
                        "jobs.PingJob.retry.max-delay",
                        "PT30S",
                        "at least the base delay (PT1M)"));
    }

    private static Arguments row(String assignment, String property, String value, String validRange) {
        return Arguments.of(new String[] {"orchestrator." + assignment}, "orchestrator." + property, value, validRange);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProperties")
    void invalidValueFailsStartupNamingThePropertyAndTheValidRange(
            String[] assignments, String property, String value, String validRange) {
        runner.withPropertyValues(assignments).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure)
                    .rootCause()
                    .isInstanceOf(OrchestratorConfigurationException.class)
                    .hasMessageContaining("'" + property + "'")
                    .hasMessageContaining("'" + value + "'")
                    .hasMessageContaining(validRange);

            FailureAnalysis analysis = new OrchestratorFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("'" + property + "'", "'" + value + "'", validRange);
            assertThat(analysis.getAction()).contains("'" + property + "'", validRange);
        });
    }

    @Test
    void jobPropertiesForAnUnknownJobSayThatNoExecutorIsRegistered() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withPropertyValues("orchestrator.jobs.PingJob.timeout=5s")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .isInstanceOf(OrchestratorConfigurationException.class)
                        .hasMessageContaining("'orchestrator.jobs.PingJob'")
                        .hasMessageContaining("(none)"));
    }

    @Test
    void aSimpleNameSharedByTwoJobTypesFailsStartupNamingBoth() {
        runner.withBean(First.SharedExecutor.class)
                .withBean(Second.SharedExecutor.class)
                .withPropertyValues("orchestrator.jobs.SharedJob.timeout=5s")
                .run(context -> {
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(OrchestratorConfigurationException.class)
                            .hasMessageContaining("'orchestrator.jobs.SharedJob'")
                            .hasMessageContaining(First.SharedJob.class.getName())
                            .hasMessageContaining(Second.SharedJob.class.getName())
                            .hasMessageContaining("orchestrator.jobs[");
                    assertThat(new OrchestratorFailureAnalyzer()
                                    .analyze(context.getStartupFailure())
                                    .getAction())
                            .contains("fully qualified name in brackets");
                });
    }

    @Test
    void aFullyQualifiedKeyInBracketsPicksOneOfTwoJobTypesSharingASimpleName() {
        runner.withBean(First.SharedExecutor.class)
                .withBean(Second.SharedExecutor.class)
                .withPropertyValues("orchestrator.jobs[" + Second.SharedJob.class.getName() + "].timeout=5s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    OrchestratorConfig config = context.getBean(OrchestratorConfig.class);
                    assertThat(config.jobDefaultsFor(Second.SharedJob.class).timeout())
                            .contains(Duration.ofSeconds(5));
                    assertThat(config.jobDefaultsFor(First.SharedJob.class)).isEqualTo(JobDefaults.none());
                });
    }

    @Test
    void retryOnAndIgnoreListsDecideWhichErrorsOfAJobTypeAreRetried() {
        runner.withPropertyValues(
                        "orchestrator.jobs.PingJob.retry.retry-on=java.io.IOException",
                        "orchestrator.jobs.PingJob.retry.ignore[0]=java.nio.file.AccessDeniedException")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RetryPolicy policy = context.getBean(OrchestratorConfig.class)
                            .jobDefaultsFor(PingJob.class)
                            .retryPolicy()
                            .orElseThrow();
                    assertThat(policy.retryOn()).containsExactly(java.io.IOException.class);
                    assertThat(policy.ignore()).containsExactly(java.nio.file.AccessDeniedException.class);
                    assertThat(policy.canRetry(new java.io.IOException("transient"), 1))
                            .isTrue();
                    assertThat(policy.canRetry(new java.nio.file.AccessDeniedException("401"), 1))
                            .isFalse();
                    assertThat(policy.canRetry(new IllegalStateException("not listed"), 1))
                            .isFalse();
                });
    }

    @Test
    void relaxedSpellingsOfValidJobKeysStartTheContext() {
        runner.withPropertyValues(
                        "orchestrator.jobs.PingJob.retry.maxRetries=2",
                        "orchestrator.jobs.PingJob.retry.retry-on[0]=java.io.IOException")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(OrchestratorConfig.class)
                                    .jobDefaultsFor(PingJob.class)
                                    .retryPolicy()
                                    .orElseThrow()
                                    .maxRetries())
                            .isEqualTo(2);
                });
    }

    @Test
    void validBoundaryValuesStartTheContext() {
        runner.withPropertyValues(
                        "orchestrator.circuit-breaker.max-events-per-second=1",
                        "orchestrator.circuit-breaker.type-limits." + EVENT + "=1",
                        "orchestrator.execution.pool-size=1",
                        "orchestrator.execution.queue-capacity=1",
                        "orchestrator.history.max-size=0",
                        "orchestrator.history.ttl=1ms",
                        "orchestrator.shutdown.grace-period=0s",
                        "orchestrator.jobs.PingJob.timeout=1ms",
                        "orchestrator.jobs.PingJob.retry.max-retries=0",
                        "orchestrator.jobs.PingJob.retry.base-delay=0s",
                        "orchestrator.jobs.PingJob.retry.max-delay=0s")
                .run(context -> assertThat(context).hasNotFailed());
    }

    /** Holds a job type whose simple name {@link Second} shares. */
    static final class First {
        static final class SharedJob extends BaseJob {}

        @Executor
        static class SharedExecutor extends BaseExecutor<SharedJob> {
            @Override
            protected Object process(SharedJob job) {
                return "first";
            }
        }
    }

    /** Holds a job type whose simple name {@link First} shares. */
    static final class Second {
        static final class SharedJob extends BaseJob {}

        @Executor
        static class SharedExecutor extends BaseExecutor<SharedJob> {
            @Override
            protected Object process(SharedJob job) {
                return "second";
            }
        }
    }
}
