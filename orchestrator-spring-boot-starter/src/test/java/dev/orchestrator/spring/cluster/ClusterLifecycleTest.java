package dev.orchestrator.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.kafka.KafkaJobTransport;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.json.OrchestratorJacksonAutoConfiguration;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Cluster mode's lifecycle is the engine's pattern: a paused context goes on taking jobs from the
 * cluster, and a close lets the job running here finish within the grace period before the
 * instance stops taking jobs.
 */
class ClusterLifecycleTest {

    private final String prefix = "l" + UUID.randomUUID().toString().substring(0, 8) + ".";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    KafkaAutoConfiguration.class,
                    JacksonAutoConfiguration.class,
                    OrchestratorJacksonAutoConfiguration.class,
                    OrchestratorAutoConfiguration.class,
                    OrchestratorClusterAutoConfiguration.class))
            .withBean(WorkExecutor.class, () -> new WorkExecutor("only"))
            .withPropertyValues(
                    "spring.kafka.bootstrap-servers=" + ClusterBroker.bootstrapServers(),
                    "orchestrator.cluster.enabled=true",
                    "orchestrator.cluster.instance-id=only-" + prefix.replace(".", ""),
                    "orchestrator.cluster.topic-prefix=" + prefix,
                    "orchestrator.cluster.share-group=" + prefix + "group",
                    "orchestrator.cluster.partitions=1",
                    "orchestrator.shutdown.grace-period=20s");

    @Test
    void aPausedContextGoesOnTakingJobsAndACloseLetsTheRunningJobFinish() {
        runner.run(context -> {
            ConfigurableApplicationContext source =
                    (ConfigurableApplicationContext) context.getSourceApplicationContext();
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            KafkaJobTransport transport = context.getBean(KafkaJobTransport.class);
            ClusterLifecycle lifecycle = context.getBean(ClusterLifecycle.class);
            assertThat(lifecycle.isPauseable()).isFalse();

            source.pause();

            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(transport.isTakingJobs()).isTrue();
            String duringPause = dispatcher.dispatch(new WorkJob("echo", 0));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher.registry().finished(duringPause).isPresent());
            assertThat(dispatcher.registry().finished(duringPause).orElseThrow().outcome())
                    .isEqualTo(JobOutcome.SUCCESS);
            source.restart();

            WorkExecutor executor = context.getBean(WorkExecutor.class);
            String atClose = dispatcher.dispatch(new WorkJob("sleep", 1_500));
            await().atMost(Duration.ofSeconds(30)).until(() -> executor.started.contains(atClose));

            source.close();

            assertThat(transport.isTakingJobs()).isFalse();
            assertThat(transport.workerRegistry().orElseThrow().finished(atClose))
                    .as("the job running here at the close finished within the grace period")
                    .hasValueSatisfying(job -> assertThat(job.outcome()).isEqualTo(JobOutcome.SUCCESS));
        });
    }
}
