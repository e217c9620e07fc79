package dev.orchestrator.spring.health.autoconfigure;

import static dev.orchestrator.test.EventRecorder.DEFAULT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.actuate.autoconfigure.LoopingOrchestrator;
import dev.orchestrator.spring.actuate.autoconfigure.LoopingOrchestrator.ChattyEvent;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.fixtures.BlockingJob;
import dev.orchestrator.spring.fixtures.FixtureExecutors;
import dev.orchestrator.spring.health.OrchestratorHealthIndicator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Issue 3, "Health": the orchestrator health indicator is UP with running jobs and recent trips,
 * DOWN once the dispatcher is shut down, and off when disabled by property.
 */
class OrchestratorHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    OrchestratorAutoConfiguration.class, OrchestratorHealthAutoConfiguration.class))
            .withUserConfiguration(FixtureExecutors.class)
            .withBean(OrchestratorLogger.class, () -> NoOpLogger.INSTANCE)
            .withPropertyValues(LoopingOrchestrator.CHATTY_LIMIT_OF_ONE);

    @Test
    void isUpWithNoRunningJobsAndNoTrips() {
        runner.run(context -> {
            Health health = context.getBean("orchestratorHealthIndicator", HealthIndicator.class)
                    .health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("runningJobs", 0).containsEntry("tripsLastMinute", 0L);
        });
    }

    @Test
    void isUpWithTheRunningJobsAndTheTripsOfTheLastMinute() {
        runner.run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            HealthIndicator indicator = context.getBean(OrchestratorHealthIndicator.class);
            BlockingJob job = new BlockingJob();
            dispatcher.dispatch(job);
            assertThat(job.started().await(5, TimeUnit.SECONDS)).isTrue();
            try (SignalBus loops = SignalBus.builder("loops")
                            .logger(NoOpLogger.INSTANCE)
                            .build();
                    LoopingOrchestrator orchestrator = new LoopingOrchestrator(dispatcher, loops)) {
                for (int i = 0; i < 5; i++) {
                    loops.emit(new ChattyEvent("chatty-" + i));
                }
                await().atMost(DEFAULT_TIMEOUT)
                        .until(() -> dispatcher.registry().tripCount() >= 1);
            }

            Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("runningJobs", 1)
                    .containsEntry("tripsLastMinute", dispatcher.registry().tripCount());
            job.release();
            await().atMost(DEFAULT_TIMEOUT)
                    .until(() ->
                            indicator.health().getDetails().get("runningJobs").equals(0));
        });
    }

    @Test
    void isDownOnceTheDispatcherIsShutDown() {
        runner.run(context -> {
            HealthIndicator indicator = context.getBean(OrchestratorHealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            context.getBean(Dispatcher.class).shutdown(Duration.ZERO);

            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void isOffWhenDisabledByProperty() {
        runner.withPropertyValues("management.health.orchestrator.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OrchestratorHealthIndicator.class));
    }

    @Test
    void isOffWhenHealthIndicatorsAreDisabledByDefault() {
        runner.withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OrchestratorHealthIndicator.class));
    }

    @Test
    void backsOffWhenUserDefinesOrchestratorHealthIndicator() {
        HealthIndicator own = () -> Health.up().withDetail("own", true).build();
        runner.withBean("orchestratorHealthIndicator", HealthIndicator.class, () -> own)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(OrchestratorHealthIndicator.class);
                    assertThat(context.getBean("orchestratorHealthIndicator")).isSameAs(own);
                });
    }
}
