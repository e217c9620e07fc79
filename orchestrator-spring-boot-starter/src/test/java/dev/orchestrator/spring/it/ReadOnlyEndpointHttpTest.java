package dev.orchestrator.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.it.TestApplication.BlockJob;
import dev.orchestrator.spring.it.TestApplication.FailJob;
import dev.orchestrator.spring.it.TestApplication.Gate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With the default settings the endpoint is read-only and hides details from anonymous callers:
 * DELETE cannot cancel a job, and neither a failed job's error nor a running job's progress message
 * is shown.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=orchestrator")
class ReadOnlyEndpointHttpTest {

    @LocalServerPort
    int port;

    @Autowired
    Dispatcher dispatcher;

    @Autowired
    Gate gate;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void openGate() {
        gate.open.countDown();
    }

    @Test
    void deleteIsNotAllowedAndErrorsAreHiddenByDefault() throws Exception {
        String blockedId = dispatcher.dispatch(new BlockJob());
        String failId = dispatcher.dispatch(new FailJob());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dispatcher
                                .registry()
                                .running(blockedId)
                                .map(job -> job.progress() == 0.25)
                                .orElse(false)
                        && dispatcher.registry().finished(failId).isPresent());

        HttpResponse<String> delete = http.send(
                HttpRequest.newBuilder(uri("/actuator/orchestrator/jobs/" + blockedId))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(dispatcher.isRunning(blockedId)).isTrue();

        HttpResponse<String> running = http.send(
                HttpRequest.newBuilder(uri("/actuator/orchestrator/jobs/" + blockedId))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(running.body()).contains("\"progress\":0.25").doesNotContain("waiting at the gate");

        HttpResponse<String> failed = http.send(
                HttpRequest.newBuilder(uri("/actuator/orchestrator/jobs/" + failId))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.body()).contains("\"outcome\":\"FAILURE\"").doesNotContain("boom");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
