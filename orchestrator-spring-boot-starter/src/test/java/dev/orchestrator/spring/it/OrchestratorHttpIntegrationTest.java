package dev.orchestrator.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.spring.it.TestApplication.BlockJob;
import dev.orchestrator.spring.it.TestApplication.FailJob;
import dev.orchestrator.spring.it.TestApplication.FloodEvent;
import dev.orchestrator.spring.it.TestApplication.Gate;
import dev.orchestrator.spring.it.TestApplication.PingJob;
import dev.orchestrator.spring.it.TestApplication.PoisonEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter in a real web application, read over real HTTP: {@code /actuator/orchestrator} (and
 * its jobs, job and trips parts, and DELETE to cancel), {@code /actuator/health} and
 * {@code /actuator/prometheus} with the meter names and tags of issue 3.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=health,orchestrator,prometheus",
            "management.endpoint.health.show-components=always",
            "management.endpoint.health.show-details=always",
            "management.endpoint.orchestrator.access=unrestricted",
            "management.endpoint.orchestrator.show-details=always"
        })
@AutoConfigureMetrics
class OrchestratorHttpIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Dispatcher dispatcher;

    @Autowired
    SignalBus bus;

    @Autowired
    Gate gate;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void openGate() {
        gate.open.countDown();
    }

    @Test
    void endpointHealthAndPrometheusShowJobsTripsAndMeters() throws Exception {
        String pingId = dispatcher.dispatch(new PingJob());
        String failId = dispatcher.dispatch(new FailJob());
        String blockedId = dispatcher.dispatch(new BlockJob());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dispatcher.registry().finished(pingId).isPresent()
                        && dispatcher.registry().finished(failId).isPresent()
                        && dispatcher
                                .registry()
                                .running(blockedId)
                                .map(job -> job.progress() == 0.25)
                                .orElse(false));

        JsonNode summary = getJson("/actuator/orchestrator", 200);
        assertThat(summary.get("executors").get(PingJob.class.getName()).asString())
                .isEqualTo("PingExecutor");
        assertThat(summary.get("executors").get(BlockJob.class.getName()).asString())
                .isEqualTo("BlockExecutor");
        assertThat(summary.get("runningJobs").asInt()).isEqualTo(1);
        assertThat(summary.get("buses").findValuesAsString("name")).contains("global");
        assertThat(summary.get("circuitBreaker").get("maxEventsPerSecond").asInt())
                .isEqualTo(50);

        JsonNode jobs = getJson("/actuator/orchestrator/jobs", 200);
        JsonNode running = jobs.get("running").get(0);
        assertThat(running.get("id").asString()).isEqualTo(blockedId);
        assertThat(running.get("jobType").asString()).isEqualTo(BlockJob.class.getName());
        assertThat(running.get("executor").asString()).isEqualTo("BlockExecutor");
        assertThat(running.get("bus").asString()).isEqualTo("global");
        assertThat(running.get("status").asString()).isEqualTo("RUNNING");
        assertThat(running.get("progress").asDouble()).isEqualTo(0.25);
        assertThat(running.get("message").asString()).isEqualTo("waiting at the gate");
        assertThat(running.get("attempt").asInt())
                .as("attempts are numbered from 1")
                .isEqualTo(1);
        assertThat(running.has("started")).isTrue();
        assertThat(running.has("elapsedMillis")).isTrue();

        assertThat(jobs.get("details").asBoolean()).isTrue();
        assertThat(running.has("events")).as("lists carry no events").isFalse();

        JsonNode failed = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> getJson("/actuator/orchestrator/jobs/" + failId, 200),
                        job -> job.has("events") && job.get("events").size() == 3);
        assertThat(failed.get("events").findValuesAsString("type"))
                .containsExactly("JobStartedEvent", "JobRetryingEvent", "JobFailureEvent");
        assertThat(failed.get("events").get(1).get("error").asString()).contains("IllegalStateException: boom");
        assertThat(failed.get("events").get(2).get("attempt").asInt()).isEqualTo(2);
        assertThat(failed.get("eventsNotKept").asInt()).isZero();
        System.out.println("README jobs/{id}: " + failed.toPrettyString());
        System.out.println(
                "README jobs: " + getJson("/actuator/orchestrator/jobs", 200).toPrettyString());
        assertThat(failed.get("outcome").asString()).isEqualTo("FAILURE");
        assertThat(failed.get("attempts").asInt()).isEqualTo(2);
        assertThat(failed.get("error").asString()).contains("IllegalStateException: boom");
        assertThat(getJson("/actuator/orchestrator/jobs/" + pingId, 200)
                        .get("outcome")
                        .asString())
                .isEqualTo("SUCCESS");
        assertThat(get("/actuator/orchestrator/jobs/no-such-job").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/orchestrator/nothing-here").statusCode()).isEqualTo(404);

        bus.emit(new FloodEvent());
        bus.emit(new PoisonEvent());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dispatcher.registry().tripCount() > 0
                        && dispatcher.registry().handlerErrorCount() > 0);
        JsonNode trip =
                getJson("/actuator/orchestrator/trips", 200).get("trips").get(0);
        assertThat(trip.get("orchestrator").asString()).isEqualTo("FloodOrchestrator");
        assertThat(trip.get("eventType").asString()).isEqualTo(FloodEvent.class.getName());
        assertThat(trip.get("limit").asInt()).isEqualTo(50);
        assertThat(trip.get("count").asInt()).isEqualTo(51);
        assertThat(trip.has("at")).isTrue();

        JsonNode health = getJson("/actuator/health", 200);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode orchestratorHealth = health.get("components").get("orchestrator");
        assertThat(orchestratorHealth.get("status").asString()).isEqualTo("UP");
        assertThat(orchestratorHealth.get("details").get("runningJobs").asInt()).isEqualTo(1);
        assertThat(orchestratorHealth.get("details").get("tripsLastMinute").asInt())
                .isGreaterThanOrEqualTo(1);

        String prometheus = get("/actuator/prometheus").body();
        assertThat(prometheus)
                .contains(
                        "orchestrator_jobs_seconds_count{bus=\"global\",error=\"none\",job=\"PingJob\",outcome=\"success\"} 1")
                .contains(
                        "orchestrator_jobs_seconds_count{bus=\"global\",error=\"IllegalStateException\",job=\"FailJob\",outcome=\"failure\"} 1")
                .contains("orchestrator_jobs_active_seconds_count{bus=\"global\",job=\"BlockJob\"} 1")
                .contains("orchestrator_jobs_retries_total{bus=\"global\",job=\"FailJob\"} 1")
                .contains("orchestrator_events_total{bus=\"global\",event=\"JobSuccessEvent\"}")
                .contains(
                        "orchestrator_circuit_breaker_trips_total{event=\"FloodEvent\",orchestrator=\"FloodOrchestrator\"}")
                .contains(
                        "orchestrator_handler_errors_total{event=\"PoisonEvent\",orchestrator=\"FloodOrchestrator\"} 1")
                .doesNotContain(pingId)
                .doesNotContain(failId)
                .doesNotContain(blockedId);

        HttpResponse<String> cancelled = send(HttpRequest.newBuilder(uri("/actuator/orchestrator/jobs/" + blockedId))
                .DELETE()
                .build());
        assertThat(cancelled.statusCode()).isEqualTo(200);
        JsonNode cancelAnswer = json.readTree(cancelled.body());
        assertThat(cancelAnswer.get("id").asString()).isEqualTo(blockedId);
        assertThat(cancelAnswer.get("cancelled").asBoolean()).isTrue();
        assertThat(dispatcher.registry().finished(blockedId))
                .hasValueSatisfying(job -> assertThat(job.outcome()).isEqualTo(JobOutcome.CANCELLED));
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/orchestrator/jobs/" + blockedId))
                                .DELETE()
                                .build())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aValueThatIsNotAJobIdIsABadRequestThatDoesNotEchoIt() throws Exception {
        String forged = "x".repeat(300) + "%0A%5BERROR%5D";

        HttpResponse<String> read = get("/actuator/orchestrator/jobs/" + forged);
        HttpResponse<String> cancel = send(HttpRequest.newBuilder(uri("/actuator/orchestrator/jobs/" + forged))
                .DELETE()
                .build());

        for (HttpResponse<String> response : List.of(read, cancel)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .contains("not a job id: ids are 1 to 128 characters")
                    .doesNotContain("xxxxxxxxxx")
                    .doesNotContain("ERROR]");
        }
    }

    private JsonNode getJson(String path, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
