package dev.orchestrator.spring.cluster;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.kafka.KafkaJobTransport;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.actuate.autoconfigure.OrchestratorEndpointAutoConfiguration;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.health.OrchestratorHealthIndicator;
import dev.orchestrator.spring.health.autoconfigure.OrchestratorHealthAutoConfiguration;
import dev.orchestrator.spring.json.OrchestratorJacksonAutoConfiguration;
import dev.orchestrator.spring.metrics.OrchestratorMetrics;
import dev.orchestrator.spring.metrics.autoconfigure.OrchestratorMetricsAutoConfiguration;
import dev.orchestrator.test.EventRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Cluster mode as a Spring Boot application gets it: {@code orchestrator-kafka} on the class path,
 * {@code orchestrator.cluster.enabled=true}, the Kafka connection from {@code spring.kafka.*}. Two
 * application contexts are two instances on one embedded broker.
 */
class ClusterAutoConfigurationTest {

    private final String prefix = "s" + UUID.randomUUID().toString().substring(0, 8) + ".";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    KafkaAutoConfiguration.class,
                    JacksonAutoConfiguration.class,
                    OrchestratorJacksonAutoConfiguration.class,
                    OrchestratorAutoConfiguration.class,
                    OrchestratorClusterAutoConfiguration.class,
                    OrchestratorEndpointAutoConfiguration.class,
                    OrchestratorHealthAutoConfiguration.class,
                    OrchestratorMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues(
                    "spring.kafka.bootstrap-servers=" + ClusterBroker.bootstrapServers(),
                    "orchestrator.cluster.topic-prefix=" + prefix,
                    "orchestrator.cluster.share-group=" + prefix + "group",
                    "orchestrator.cluster.partitions=3",
                    "orchestrator.shutdown.grace-period=5s",
                    "management.endpoints.web.exposure.include=orchestrator");

    /** Dispatches and hears its jobs' endings through the orchestrator hooks. */
    static final class ReportOrchestrator extends BaseOrchestrator<String> {
        final EventRecorder successes = EventRecorder.create().within(Duration.ofSeconds(30));

        ReportOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super("idle", dispatcher, bus);
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            successes.accept(event);
        }
    }

    @Test
    void anOrchestratorOnOneInstanceGetsOnActiveSuccessForAJobThatRanOnAnother() {
        ApplicationContextRunner instanceA = runner.withPropertyValues(
                        "orchestrator.cluster.enabled=true",
                        "orchestrator.cluster.instance-id=a-" + prefix.replace(".", ""),
                        "orchestrator.cluster.concurrency=0")
                .withBean(WorkExecutor.class, () -> new WorkExecutor("a"))
                .withUserConfiguration(ReportConfig.class);
        ApplicationContextRunner instanceB = runner.withPropertyValues(
                        "orchestrator.cluster.enabled=true",
                        "orchestrator.cluster.instance-id=b-" + prefix.replace(".", ""))
                .withBean(WorkExecutor.class, () -> new WorkExecutor("b"));

        instanceA.run(a -> instanceB.run(b -> {
            assertThat(a).hasNotFailed();
            assertThat(b).hasNotFailed();
            Dispatcher dispatcher = a.getBean(Dispatcher.class);
            assertThat(dispatcher.isClustered()).isTrue();
            ReportOrchestrator orchestrator = a.getBean(ReportOrchestrator.class);

            String id = orchestrator.dispatch(new WorkJob("echo", 0));

            assertThat(orchestrator.successes).job(id).succeededWith("b:1");
            assertThat(orchestrator.successes.events()).hasSize(1); // heard once, and only this job
            assertThat(b.getBean(WorkExecutor.class).started).containsExactly(id);
            assertThat(a.getBean(WorkExecutor.class).started).isEmpty();

            // the actuator shows cluster mode on both sides
            OrchestratorEndpoint.ClusterDescriptor onA =
                    a.getBean(OrchestratorEndpoint.class).orchestrator().cluster();
            assertThat(onA.enabled()).isTrue();
            assertThat(onA.instance()).isEqualTo("a-" + prefix.replace(".", ""));
            assertThat(onA.topics()).containsEntry("jobs", prefix + "jobs").containsEntry("events", prefix + "events");
            assertThat(onA.shareGroup()).isEqualTo(prefix + "group");
            assertThat(onA.counts()).containsEntry("published", 1L);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.getBean(OrchestratorEndpoint.class)
                                    .orchestrator()
                                    .cluster()
                                    .counts()
                                    .get("taken")
                            == 1L);
            // metrics: the counters of the transport, through the starter's binder
            MeterRegistry meters = new SimpleMeterRegistry();
            a.getBean(OrchestratorMetrics.class).bindTo(meters);
            assertThat(meters.get("orchestrator.cluster.jobs.published")
                            .functionCounter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(meters.get("orchestrator.cluster.records.rejected")
                            .functionCounter()
                            .count())
                    .isZero();
            // jobs: where a job dispatched here runs, what runs here, and cancel from the endpoint
            String sleeping = orchestrator.dispatch(new WorkJob("sleep", 60_000));
            OrchestratorEndpoint endpointA = a.getBean(OrchestratorEndpoint.class);
            OrchestratorEndpoint endpointB = b.getBean(OrchestratorEndpoint.class);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jobs(endpointB).runningHere().stream()
                            .anyMatch(job -> job.id().equals(sleeping)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jobs(endpointA).running().stream()
                            .anyMatch(job -> job.id().equals(sleeping)
                                    && ("b-" + prefix.replace(".", "")).equals(job.instance())));
            assertThat(jobs(endpointA).runningHere()).isEmpty();
            assertThat(endpointA.cancel("jobs", sleeping).getStatus()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher.registry().finished(sleeping).isPresent());
            assertThat(dispatcher.registry().finished(sleeping).orElseThrow().outcome())
                    .isEqualTo(dev.orchestrator.orchestration.JobOutcome.CANCELLED);
            // health: UP, Kafka reachable
            Health health = a.getBean(OrchestratorHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("cluster");
        }));
    }

    private static OrchestratorEndpoint.JobsDescriptor jobs(OrchestratorEndpoint endpoint) {
        return (OrchestratorEndpoint.JobsDescriptor) java.util.Objects.requireNonNull(
                endpoint.section("jobs", SecurityContext.NONE).getBody());
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class ReportConfig {
        @org.springframework.context.annotation.Bean
        ReportOrchestrator reportOrchestrator(
                Dispatcher dispatcher,
                @org.springframework.beans.factory.annotation.Qualifier(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN)
                        SignalBus bus) {
            return new ReportOrchestrator(dispatcher, bus);
        }
    }

    @Test
    void withoutThePropertyJobsRunInThisJvmAndNoTransportIsCreated() {
        runner.withBean(WorkExecutor.class, () -> new WorkExecutor("local")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(KafkaJobTransport.class);
            assertThat(context.getBean(Dispatcher.class).isClustered()).isFalse();
            assertThat(context.getBean(OrchestratorEndpoint.class)
                            .orchestrator()
                            .cluster()
                            .enabled())
                    .isFalse();
        });
    }

    @Test
    void thePropertyWithoutTheKafkaModuleFailsStartupInsteadOfRunningInOneJvm() {
        runner.withPropertyValues("orchestrator.cluster.enabled=true")
                .withClassLoader(new FilteredClassLoader(KafkaJobTransport.class))
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("orchestrator.cluster.enabled is true")
                        .hasMessageContaining("orchestrator-kafka"));
    }

    @Test
    void aBadValueFailsStartupNamingTheProperty() {
        runner.withPropertyValues("orchestrator.cluster.enabled=true", "orchestrator.cluster.delivery-limit=12")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("'orchestrator.cluster.delivery-limit'")
                        .hasMessageContaining("'12'")
                        .hasMessageContaining("1 to 9"));
        runner.withPropertyValues(
                        "orchestrator.cluster.enabled=true", "orchestrator.cluster.shared-events=java.lang.String")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("'orchestrator.cluster.shared-events[0]'")
                        .hasMessageContaining("BaseEvent"));
        runner.withPropertyValues(
                        "orchestrator.cluster.enabled=true",
                        "orchestrator.cluster.shared-events=dev.orchestrator.event.JobSuccessEvent")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("'orchestrator.cluster.shared-events[0]'")
                        .hasMessageContaining("job lifecycle events"));
        // within 1..9, but not below the broker's own limit (5 by default): such a job would end nowhere
        runner.withPropertyValues("orchestrator.cluster.enabled=true", "orchestrator.cluster.delivery-limit=5")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("orchestrator.cluster.delivery-limit (5)")
                        .hasMessageContaining("group.share.delivery.count.limit (5)"));
        runner.withPropertyValues("orchestrator.cluster.enabled=true", "orchestrator.cluster.instance-id=a b")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("'orchestrator.cluster.instance-id'"));
    }
}
