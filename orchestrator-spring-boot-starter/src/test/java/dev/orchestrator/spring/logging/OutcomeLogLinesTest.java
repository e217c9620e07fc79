package dev.orchestrator.spring.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.fixtures.FailingExecutor;
import dev.orchestrator.spring.fixtures.FailingJob;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Under the starter, a job's failure and retries reach SLF4J, under the logger dev.orchestrator. */
@ExtendWith(OutputCaptureExtension.class)
class OutcomeLogLinesTest {

    @Test
    void aRetriedThenFailedJobWritesItsRetryAndItsFailureThroughSlf4j(CapturedOutput output) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withBean(FailingExecutor.class)
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    FailingJob job = new FailingJob(JobOptions.builder()
                            .id("logged-1")
                            .retryPolicy(RetryPolicy.custom()
                                    .maxRetries(1)
                                    .baseDelay(Duration.ofMillis(1))
                                    .build())
                            .build());

                    dispatcher.dispatch(job);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() ->
                                    dispatcher.registry().finished("logged-1").isPresent());

                    assertThat(output.getOut())
                            .contains("Job FailingJob[id='logged-1'] attempt 1 of 2 failed:"
                                    + " java.lang.IllegalStateException: 'card 4111-1111 declined'; attempt 2 starts in"
                                    + " PT0.001S")
                            .contains("Job FailingJob[id='logged-1'] failed on attempt 2 of at most 2:")
                            .containsPattern("WARN .*dev\\.orchestrator.*failed on attempt 2 of at most 2")
                            .containsPattern("INFO .*dev\\.orchestrator.*attempt 1 of 2 failed");
                });
    }
}
