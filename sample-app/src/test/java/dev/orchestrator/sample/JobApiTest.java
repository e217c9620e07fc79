package dev.orchestrator.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.orchestration.FinishedJob;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.orchestration.JobRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;

/**
 * The job API's happy paths, each checked against the job registry too: the page's view of a job
 * and the framework's own record of it agree.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("fast")
class JobApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JobRegistry registry;

    private Api api() {
        return new Api(mvc);
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(api().job(id).get("status").asString()).isEqualTo(status));
        return api().job(id);
    }

    private FinishedJob finished(String id) {
        await().atMost(PATIENCE).until(() -> registry.finished(id).isPresent());
        return registry.finished(id).orElseThrow();
    }

    @Test
    void anUploadReportsEveryPartAndSucceeds() {
        String id = api().start("{\"kind\":\"upload\",\"parts\":4,\"durationMs\":200}");

        JsonNode job = awaitStatus(id, "SUCCEEDED");
        assertThat(job.get("kind").asString()).isEqualTo("upload");
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(job.get("step").asInt()).isEqualTo(4);
        assertThat(job.get("totalSteps").asInt()).isEqualTo(4);
        assertThat(job.get("message").asString()).isEqualTo("Uploaded part 4 of 4");
        assertThat(job.get("result").asString()).endsWith("uploaded in 4 parts");
        assertThat(finished(id).outcome()).isEqualTo(JobOutcome.SUCCESS);
        assertThat(api().get("/api/jobs").findValuesAsString("id")).contains(id);
    }

    @Test
    void cancellingARunningUploadEndsItAsCancelled() {
        String id = api().start("{\"kind\":\"upload\",\"parts\":100,\"durationMs\":20000}");
        awaitStatus(id, "RUNNING");

        assertThat(mvc.delete().uri("/api/jobs/" + id).exchange()).hasStatus(202);

        JsonNode job = awaitStatus(id, "CANCELLED");
        assertThat(job.get("error").asString()).isEqualTo("Cancelled by you");
        assertThat(job.get("progress").asDouble()).isLessThan(1.0);
        assertThat(finished(id).outcome()).isEqualTo(JobOutcome.CANCELLED);
    }

    @Test
    void aNewUploadReplacesTheRunningOne() {
        String first = api().start("{\"kind\":\"upload\",\"parts\":100,\"durationMs\":20000}");
        awaitStatus(first, "RUNNING");

        String second = api().start("{\"kind\":\"upload\",\"parts\":100,\"durationMs\":20000}");

        JsonNode replaced = awaitStatus(first, "CANCELLED");
        assertThat(replaced.get("notes").valueStream().map(JsonNode::asString))
                .containsExactly("Replaced by upload " + second.substring(0, 8));
        assertThat(replaced.get("error").asString()).isEqualTo("Replaced by upload " + second.substring(0, 8));
        assertThat(finished(first).outcome()).isEqualTo(JobOutcome.CANCELLED);
        awaitStatus(second, "RUNNING");
        assertThat(registry.running(second)).isPresent();

        assertThat(mvc.delete().uri("/api/jobs/" + second).exchange()).hasStatus(202);
        awaitStatus(second, "CANCELLED");
    }

    @Test
    void aTransientErrorIsRetriedWithExponentialBackoffUntilTheCallWorks() {
        String id = api().start("{\"kind\":\"flaky\",\"mode\":\"transient\",\"failFirst\":2}");

        JsonNode job = awaitStatus(id, "SUCCEEDED");
        assertThat(job.get("result").asString()).isEqualTo("Quote received: EUR/USD 1.0842");
        assertThat(job.get("notes").valueStream().map(JsonNode::asString))
                .containsExactly(
                        "503 Service Unavailable — retrying in 500 ms (attempt 2 of 4)",
                        "503 Service Unavailable — retrying in 1 s (attempt 3 of 4)");
        FinishedJob finished = finished(id);
        assertThat(finished.outcome()).isEqualTo(JobOutcome.SUCCESS);
        assertThat(finished.attempts()).isEqualTo(3);
    }

    @Test
    void aPermanentErrorFailsAtOnce() {
        String id = api().start("{\"kind\":\"flaky\",\"mode\":\"permanent\"}");

        JsonNode job = awaitStatus(id, "FAILED");
        assertThat(job.get("error").asString()).isEqualTo("401 Unauthorized: API key rejected");
        assertThat(job.get("notes").valueStream().map(JsonNode::asString))
                .containsExactly("Failed at once: not retried");
        FinishedJob finished = finished(id);
        assertThat(finished.outcome()).isEqualTo(JobOutcome.FAILURE);
        assertThat(finished.attempts()).isEqualTo(1);
    }

    @Test
    void anExportThatNeedsLongerThanItsTimeoutTimesOut() {
        String id = api().start("{\"kind\":\"export\"}");

        JsonNode job = awaitStatus(id, "TIMED_OUT");
        assertThat(job.get("title").asString()).isEqualTo("Export that needs 3 s (timeout 600 ms)");
        assertThat(job.get("error").asString()).isEqualTo("Timed out after 600 ms");
        assertThat(job.get("finishedAt").isNull()).isFalse();
        FinishedJob finished = finished(id);
        assertThat(finished.outcome()).isEqualTo(JobOutcome.TIMEOUT);
        assertThat(finished.errorSummary()).contains("TimeoutException");
    }

    @Test
    void anExportWithinItsTimeoutSucceeds() {
        String id = api().start("{\"kind\":\"export\",\"durationMs\":100}");

        assertThat(awaitStatus(id, "SUCCEEDED").get("result").asString()).isEqualTo("Export written (10 sections)");
    }

    @Test
    void thePageStateHasTheSettingsEveryOrchestratorAndTheBoards() {
        String id = api().start("{\"kind\":\"upload\",\"parts\":1,\"durationMs\":0}");
        awaitStatus(id, "SUCCEEDED");

        JsonNode state = api().get("/api/state");
        assertThat(state.get("settings").get("export").get("timeoutMs").asLong())
                .isEqualTo(600);
        assertThat(state.get("settings").get("flaky").get("baseDelayMs").asLong())
                .isEqualTo(500);
        assertThat(state.get("settings").get("flaky").get("maxRetries").asInt()).isEqualTo(3);
        assertThat(state.get("settings").get("maxEventsPerSecond").asInt()).isEqualTo(50);
        assertThat(state.get("orchestrators").propertyNames())
                .contains(
                        "UploadOrchestrator",
                        "FlakyOrchestrator",
                        "ExportOrchestrator",
                        "AuthOrchestrator",
                        "ChatOrchestrator",
                        "CartOrchestrator",
                        "PingOrchestrator",
                        "PongOrchestrator");
        assertThat(state.get("orchestrators")
                        .get("UploadOrchestrator")
                        .get("jobs")
                        .findValuesAsString("id"))
                .contains(id);
    }
}
