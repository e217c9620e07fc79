package dev.orchestrator.sample.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.sample.export.ExportJob;
import dev.orchestrator.sample.flaky.FailureMode;
import dev.orchestrator.sample.flaky.FlakyCallJob;
import dev.orchestrator.sample.modules.UserLoggedInEvent;
import dev.orchestrator.sample.modules.auth.LoginJob;
import dev.orchestrator.sample.modules.cart.RestoreCartJob;
import dev.orchestrator.sample.modules.chat.LoadInboxJob;
import dev.orchestrator.sample.upload.UploadJob;
import dev.orchestrator.spring.json.OrchestratorJacksonAutoConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs are plain data: every job class of the sample app round-trips through the JsonMapper that
 * Spring Boot configures, with no Jackson code in the job classes; so does the one event the
 * {@code cluster} profile shares between instances. That is what cluster mode writes to Kafka.
 */
class SampleJobsAreJsonTest {

    private static List<BaseJob> oneOfEachJobClass() {
        return List.of(
                new UploadJob("report.pdf", 4, Duration.ofSeconds(2), new CancellationToken()),
                new ExportJob(Duration.ofSeconds(5)),
                new FlakyCallJob(
                        FailureMode.TRANSIENT,
                        2,
                        Duration.ofMillis(100),
                        RetryPolicy.custom()
                                .maxRetries(3)
                                .retryOn(IOException.class)
                                .build()),
                new LoginJob("ada", Duration.ofMillis(300)),
                new LoadInboxJob("ada", Duration.ofMillis(300)),
                new RestoreCartJob("ada", Duration.ofMillis(300)));
    }

    @Test
    void theListCoversEveryConcreteJobClassOfTheSampleApp() throws Exception {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(BaseJob.class));
        Set<String> found = scanner.findCandidateComponents("dev.orchestrator.sample").stream()
                .map(BeanDefinition::getBeanClassName)
                .collect(Collectors.toSet());

        assertThat(oneOfEachJobClass().stream().map(job -> job.getClass().getName()))
                .containsExactlyInAnyOrderElementsOf(found);
    }

    @Test
    void theSharedLoginEventRoundTripsWithItsCorrelationIdAndTime() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        JacksonAutoConfiguration.class, OrchestratorJacksonAutoConfiguration.class))
                .run(context -> {
                    JsonMapper mapper = context.getBean(JsonMapper.class);
                    UserLoggedInEvent event = new UserLoggedInEvent("login-1", "ada");
                    String json = mapper.writeValueAsString(event);

                    UserLoggedInEvent read = mapper.readValue(json, UserLoggedInEvent.class);

                    assertThat(read.user()).as(json).isEqualTo("ada");
                    assertThat(read.correlationId()).as(json).isEqualTo("login-1");
                    assertThat(read.timestamp()).as(json).isEqualTo(event.timestamp());
                    assertThat(read.timestamp()).isNotEqualTo(Instant.EPOCH);
                    assertThat(mapper.writeValueAsString(read)).isEqualTo(json);
                });
    }

    @Test
    void everyJobClassRoundTripsWithItsIdAndData() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        JacksonAutoConfiguration.class, OrchestratorJacksonAutoConfiguration.class))
                .run(context -> {
                    JsonMapper mapper = context.getBean(JsonMapper.class);
                    for (BaseJob job : oneOfEachJobClass()) {
                        String json = mapper.writeValueAsString(job);

                        BaseJob read = mapper.readValue(json, job.getClass());

                        assertThat(read.id()).as(json).isEqualTo(job.id());
                        assertThat(read.timeout()).as(json).isEqualTo(job.timeout());
                        assertThat(read.metadata()).as(json).isEqualTo(job.metadata());
                        assertThat(mapper.writeValueAsString(read))
                                .as(
                                        "%s reads back as the same data",
                                        job.getClass().getSimpleName())
                                .isEqualTo(json);
                    }
                });
    }
}
