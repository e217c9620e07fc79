package dev.orchestrator.spring.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Reliability suite, bad input through the {@code orchestrator.*} properties (contract point 11): each
 * invalid value fails startup, and the failure report Spring Boot prints (the failure analysis of the
 * analyzers registered in {@code spring.factories}, ours and Boot's) names the property and the value.
 */
@Tag("reliability")
class PropertiesBadInputReliabilityTest {

    static final class PingJob extends BaseJob {}

    static final class PingEvent extends BaseEvent {
        PingEvent() {
            super("ping");
        }
    }

    static final class PingExecutor extends BaseExecutor<PingJob> {
        @Override
        protected Object process(PingJob job) {
            return "pong";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        @Executor
        PingExecutor pingExecutor() {
            return new PingExecutor();
        }

        @Bean
        OrchestratorLogger quietLogger() {
            return NoOpLogger.INSTANCE;
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
            .withUserConfiguration(App.class);

    private static final String EVENT = PingEvent.class.getName();

    /** A row: the properties set, and what the failure report must contain (property names case-insensitively). */
    private static Arguments row(String property, String value, String... reportParts) {
        return rowWith(List.of(property + "=" + value), reportParts);
    }

    private static Arguments rowWith(List<String> properties, String... reportParts) {
        return Arguments.of(String.join(", ", properties), properties, List.of(reportParts));
    }

    static Stream<Arguments> badProperties() {
        String breaker = "orchestrator.circuit-breaker.";
        String ping = "orchestrator.jobs.PingJob.";
        return Stream.of(
                // checked by the starter (OrchestratorConfigurationException, our failure analyzer)
                row(breaker + "max-events-per-second", "0", breaker + "max-events-per-second", "'0'", ">= 1"),
                row(breaker + "max-events-per-second", "-5", breaker + "max-events-per-second", "'-5'"),
                row(
                        breaker + "type-limits[com.example.NoSuchEvent]",
                        "10",
                        breaker + "type-limits[com.example.NoSuchEvent]",
                        "'com.example.NoSuchEvent'",
                        "no class"),
                row(
                        breaker + "type-limits[java.lang.String]",
                        "10",
                        breaker + "type-limits[java.lang.String]",
                        "'java.lang.String'",
                        BaseEvent.class.getName()),
                row(
                        breaker + "type-limits[" + BaseEvent.class.getName() + "]",
                        "10",
                        breaker + "type-limits[" + BaseEvent.class.getName() + "]",
                        "'" + BaseEvent.class.getName() + "'",
                        "abstract"),
                row(
                        breaker + "type-limits[" + JobEvent.class.getName() + "]",
                        "10",
                        breaker + "type-limits[" + JobEvent.class.getName() + "]",
                        "'" + JobEvent.class.getName() + "'",
                        "abstract"),
                row(breaker + "type-limits[" + EVENT + "]", "0", breaker + "type-limits[" + EVENT + "]", "'0'", ">= 1"),
                row(breaker + "type-limits[" + EVENT + "]", "-3", breaker + "type-limits[" + EVENT + "]", "'-3'"),
                row("orchestrator.execution.pool-size", "0", "orchestrator.execution.pool-size", "'0'", ">= 1"),
                row("orchestrator.execution.pool-size", "-1", "orchestrator.execution.pool-size", "'-1'"),
                row("orchestrator.execution.queue-capacity", "0", "orchestrator.execution.queue-capacity", "'0'"),
                row("orchestrator.execution.queue-capacity", "-10", "orchestrator.execution.queue-capacity", "'-10'"),
                row("orchestrator.execution.max-active-jobs", "0", "orchestrator.execution.max-active-jobs", "'0'"),
                row("orchestrator.history.max-size", "-1", "orchestrator.history.max-size", "'-1'", ">= 0"),
                row("orchestrator.history.ttl", "0s", "orchestrator.history.ttl", "'0s'", "positive"),
                row("orchestrator.history.ttl", "-1m", "orchestrator.history.ttl", "'-1m'"),
                row("orchestrator.shutdown.grace-period", "-1s", "orchestrator.shutdown.grace-period", "'-1s'", ">= 0"),
                row("orchestrator.jobs.NoSuchJob.timeout", "5s", "orchestrator.jobs.NoSuchJob", "NoSuchJob", "PingJob"),
                row(ping + "timeout", "0s", ping + "timeout", "'0s'", "positive"),
                row(ping + "timeout", "-2s", ping + "timeout", "'-2s'"),
                row(ping + "retry.max-retries", "-1", ping + "retry.max-retries", "'-1'", ">= 0"),
                row(ping + "retry.base-delay", "-1s", ping + "retry.base-delay", "'-1s'"),
                row(ping + "retry.max-delay", "-1s", ping + "retry.max-delay", "'-1s'"),
                rowWith(
                        List.of(ping + "retry.base-delay=1s", ping + "retry.max-delay=100ms"),
                        ping + "retry.max-delay",
                        "'100ms'",
                        "PT1S"),
                row(ping + "retry.max-delay", "500ms", ping + "retry.max-delay", "'500ms'", "PT1S"),
                row(
                        ping + "retry.retry-on",
                        "com.example.Nope",
                        ping + "retry.retry-on[0]",
                        "'com.example.Nope'",
                        "no class"),
                row(
                        ping + "retry.ignore[0]",
                        "java.lang.Object",
                        ping + "retry.ignore[0]",
                        "'java.lang.Object'",
                        "exception"),
                row(ping + "retry.max-retry", "3", ping + "retry.max-retry", "unknown key", "retry.max-retries"),
                row(ping + "timeout-after", "5s", ping + "timeout-after", "unknown key", ".timeout"),
                // checked by Spring Boot's binder (its BindFailureAnalyzer)
                row(breaker + "max-events-per-second", "lots", breaker + "max-events-per-second", "lots"),
                row(breaker + "max-events-per-second", "99999999999", breaker + "max-events-per-second", "99999999999"),
                row(breaker + "type-limits[" + EVENT + "]", "ten", breaker + "type-limits", "ten"),
                row("orchestrator.logging.level", "verbose", "orchestrator.logging.level", "verbose"),
                row("orchestrator.execution.pool-size", "eight", "orchestrator.execution.pool-size", "eight"),
                row("orchestrator.execution.queue-capacity", "1.5", "orchestrator.execution.queue-capacity", "1.5"),
                row("orchestrator.history.ttl", "forever", "orchestrator.history.ttl", "forever"),
                row("orchestrator.history.max-size", "all", "orchestrator.history.max-size", "all"),
                row("orchestrator.shutdown.grace-period", "soon", "orchestrator.shutdown.grace-period", "soon"),
                row(ping + "timeout", "whenever", ping + "timeout", "whenever"),
                row(ping + "retry.max-retries", "many", ping + "retry.max-retries", "many"),
                row(ping + "retry.exponential-backoff", "perhaps", ping + "retry.exponential-backoff", "perhaps"),
                row("orchestrator.metrics.enabled", "maybe", "orchestrator.metrics.enabled", "maybe"),
                // removed in issue 10: the report names the old key and the one that replaces it
                row(
                        "orchestrator.endpoint.show-details",
                        "always",
                        "orchestrator.endpoint.show-details",
                        "'management.endpoint.orchestrator.show-details'"));
    }

    private static final AtomicInteger ROWS_RUN = new AtomicInteger();
    private static final AtomicInteger ROWS_REJECTED_CLEARLY = new AtomicInteger();

    @AfterAll
    static void printFigures() {
        System.out.printf(
                "RELIABILITY: bad-input-properties rows=%d rejectedClearly=%d failed=%d (orchestrator.* properties, startup failure reports)%n",
                ROWS_RUN.get(), ROWS_REJECTED_CLEARLY.get(), ROWS_RUN.get() - ROWS_REJECTED_CLEARLY.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProperties")
    void invalidPropertyFailsStartupWithAReportNamingThePropertyAndTheValue(
            String description, List<String> properties, List<String> reportParts) {
        ROWS_RUN.incrementAndGet();
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).as(description).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis)
                    .as("failure analysis of %s for %s", context.getStartupFailure(), description)
                    .isNotNull();
            String report = analysis.getDescription() + "\n" + analysis.getAction();
            for (String part : reportParts) {
                boolean propertyName = part.startsWith("orchestrator.");
                assertThat(propertyName ? report.toLowerCase(Locale.ROOT) : report)
                        .as("report for %s", description)
                        .contains(propertyName ? part.toLowerCase(Locale.ROOT) : part);
            }
            ROWS_REJECTED_CLEARLY.incrementAndGet();
        });
    }

    @Test
    void theSamePropertiesWithValidValuesStartAndAreApplied() {
        runner.withPropertyValues(
                        "orchestrator.circuit-breaker.max-events-per-second=7",
                        "orchestrator.circuit-breaker.type-limits[" + EVENT + "]=3",
                        "orchestrator.execution.pool-size=3",
                        "orchestrator.execution.queue-capacity=5",
                        "orchestrator.history.max-size=0",
                        "orchestrator.history.ttl=1s",
                        "orchestrator.shutdown.grace-period=0s",
                        "orchestrator.jobs.PingJob.timeout=2s",
                        "orchestrator.jobs.PingJob.retry.max-retries=0",
                        "orchestrator.jobs.PingJob.retry.base-delay=0s",
                        "orchestrator.jobs.PingJob.retry.max-delay=0s",
                        "orchestrator.jobs.PingJob.retry.exponential-backoff=false",
                        "orchestrator.logging.level=error",
                        "orchestrator.metrics.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    OrchestratorConfig config = context.getBean(OrchestratorConfig.class);
                    assertThat(config.maxEventsPerSecond()).isEqualTo(7);
                    assertThat(config.limitFor(PingEvent.class)).isEqualTo(3);
                    assertThat(config.executionPoolSize()).isEqualTo(3);
                    assertThat(config.executionQueueCapacity()).isEqualTo(5);
                    assertThat(config.historyMaxSize()).isZero();
                    assertThat(config.jobDefaultsFor(PingJob.class).timeout()).contains(Duration.ofSeconds(2));
                    assertThat(config.jobDefaultsFor(PingJob.class).retryPolicy())
                            .hasValueSatisfying(policy -> {
                                assertThat(policy.maxRetries()).isZero();
                                assertThat(policy.exponentialBackoff()).isFalse();
                            });
                });
    }

    @Test
    void tableHasAtLeastThirtyRowsAndCoversEveryPropertyGroup() {
        List<String> rows = new ArrayList<>();
        badProperties().forEach(arguments -> rows.add((String) arguments.get()[0]));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(30);
        for (String group : List.of(
                "circuit-breaker.max-events-per-second",
                "circuit-breaker.type-limits",
                "logging.level",
                "execution.pool-size",
                "execution.queue-capacity",
                "jobs.PingJob.timeout",
                "retry.max-retries",
                "retry.base-delay",
                "retry.max-delay",
                "retry.exponential-backoff",
                "history.max-size",
                "history.ttl",
                "shutdown.grace-period",
                "metrics.enabled",
                "endpoint.show-details",
                "jobs.NoSuchJob")) {
            assertThat(rows).as("a row for %s", group).anyMatch(row -> row.contains(group));
        }
    }

    /** What Spring Boot does on a failed startup: the first analyzer (in spring.factories order) that explains it. */
    private static FailureAnalysis analyze(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(
                        PropertiesBadInputReliabilityTest.class.getClassLoader())
                .load(
                        FailureAnalyzer.class,
                        SpringFactoriesLoader.FailureHandler.handleMessage(
                                (message, error) -> {})); // skips analyzers needing a context
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        return null;
    }
}
