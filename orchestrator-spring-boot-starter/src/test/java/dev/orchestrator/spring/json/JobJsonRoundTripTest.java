package dev.orchestrator.spring.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/** Jobs are plain data: they round-trip through the JsonMapper Spring Boot configures, with no code in the job. */
class JobJsonRoundTripTest {

    /** An ordinary job class: final fields, one constructor, accessors; nothing for Jackson. */
    public static final class ReportJob extends BaseJob {
        private final String month;
        private final int copies;
        private final List<String> recipients;

        public ReportJob(String month, int copies, List<String> recipients) {
            super(JobOptions.builder()
                    .timeout(Duration.ofSeconds(30))
                    .metadata("tenant", "acme")
                    .retryPolicy(RetryPolicy.custom()
                            .maxRetries(2)
                            .baseDelay(Duration.ofMillis(250))
                            .retryOn(IOException.class)
                            .ignore(java.nio.file.AccessDeniedException.class)
                            .build())
                    .cancellationToken(new CancellationToken())
                    .build());
            this.month = month;
            this.copies = copies;
            this.recipients = List.copyOf(recipients);
        }

        public String month() {
            return month;
        }

        public int copies() {
            return copies;
        }

        public List<String> recipients() {
            return recipients;
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(JacksonAutoConfiguration.class, OrchestratorJacksonAutoConfiguration.class));

    @Test
    void aJobRoundTripsWithItsIdFieldsOptionsAndRetryPolicyButNotItsToken() {
        runner.run(context -> {
            JsonMapper mapper = context.getBean(JsonMapper.class);
            ReportJob job = new ReportJob("2026-11", 3, List.of("ada@example.com", "bob@example.com"));

            String json = mapper.writeValueAsString(job);
            ReportJob read = mapper.readValue(json, ReportJob.class);

            assertThat(json).doesNotContain("cancellationToken").doesNotContain("shouldRetry");
            assertThat(read.id()).isEqualTo(job.id());
            assertThat(read.month()).isEqualTo("2026-11");
            assertThat(read.copies()).isEqualTo(3);
            assertThat(read.recipients()).containsExactly("ada@example.com", "bob@example.com");
            assertThat(read.timeout()).contains(Duration.ofSeconds(30));
            assertThat(read.metadata()).containsEntry("tenant", "acme");
            assertThat(read.cancellationToken().orElseThrow())
                    .as("a runtime handle, not data: the read job has the one its constructor made")
                    .isNotSameAs(job.cancellationToken().orElseThrow());
            RetryPolicy policy = read.retryPolicy().orElseThrow();
            assertThat(policy.maxRetries()).isEqualTo(2);
            assertThat(policy.baseDelay()).isEqualTo(Duration.ofMillis(250));
            assertThat(policy.retryOn()).containsExactly(IOException.class);
            assertThat(policy.ignore()).containsExactly(java.nio.file.AccessDeniedException.class);
            assertThat(mapper.writeValueAsString(read)).isEqualTo(json);
        });
    }

    /** A job whose retry policy carries code. */
    public static final class GuardedJob extends BaseJob {
        public GuardedJob() {
            super(JobOptions.builder()
                    .retryPolicy(RetryPolicy.custom()
                            .shouldRetry(error -> !(error instanceof SecurityException))
                            .build())
                    .build());
        }
    }

    @Test
    void aJobWhoseRetryPolicyHasAPredicateIsRefusedNotSilentlyStripped() {
        runner.run(context -> {
            JsonMapper mapper = context.getBean(JsonMapper.class);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> mapper.writeValueAsString(new GuardedJob()))
                    .isInstanceOf(tools.jackson.databind.exc.InvalidDefinitionException.class)
                    .hasMessageContaining("shouldRetry predicate cannot be written as JSON")
                    .hasMessageContaining("use retryOn and ignore");
        });
    }

    @Test
    void aJobReadBackKeepsTheRulesOfAJobBuiltInCode() {
        runner.run(context -> {
            JsonMapper mapper = context.getBean(JsonMapper.class);
            String json = mapper.writeValueAsString(new ReportJob("2026-11", 1, List.of("ada@example.com")));

            ReportJob read = mapper.readValue(json, ReportJob.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> read.metadata().put("tenant", "other"))
                    .isInstanceOf(UnsupportedOperationException.class);

            String id = read.id();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> mapper.readValue(json.replace(id, "bad id!"), ReportJob.class))
                    .isInstanceOf(tools.jackson.databind.exc.MismatchedInputException.class)
                    .hasMessageContaining("Invalid job id 'bad id!'")
                    .hasMessageContaining("1 to 128 characters");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> mapper.readValue(json.replace("\"" + id + "\"", "null"), ReportJob.class))
                    .isInstanceOf(tools.jackson.databind.exc.MismatchedInputException.class)
                    .hasMessageContaining("Invalid job id null");
        });
    }
}
