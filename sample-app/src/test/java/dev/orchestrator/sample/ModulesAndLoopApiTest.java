package dev.orchestrator.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.orchestration.JobRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;

/**
 * The modules demo and the feedback loop through the API and the Actuator:
 * one public event crosses to the global bus while each module's job events stay on its own bus;
 * the loop trips the circuit breakers, the trips show in the registry and the actuator, and the
 * application stays healthy.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("fast")
class ModulesAndLoopApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JobRegistry registry;

    private Api api() {
        return new Api(mvc);
    }

    @Test
    void aLoginCrossesToTheGlobalBusOnceAndEachModuleKeepsItsJobEventsOnItsOwnBus() {
        assertThat(api().post("/api/login", "{\"user\":\"linus\"}")).hasStatus(HttpStatus.ACCEPTED);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode orchestrators = api().get("/api/state").get("orchestrators");
            assertThat(orchestrators.get("AuthOrchestrator").get("status").asString())
                    .isEqualTo("Logged in as linus");
            assertThat(orchestrators.get("ChatOrchestrator").get("status").asString())
                    .isEqualTo("Inbox of linus loaded");
            assertThat(orchestrators.get("CartOrchestrator").get("status").asString())
                    .isEqualTo("Cart of linus restored");
        });
        JsonNode state = api().get("/api/state");
        assertThat(state.get("orchestrators")
                        .get("ChatOrchestrator")
                        .get("detail")
                        .asString())
                .matches("\\d+ unread messages?");

        List<JsonNode> log = state.get("bus").valueStream().collect(Collectors.toList());
        assertThat(log)
                .filteredOn(entry -> entry.get("bus").asString().equals("global"))
                .isNotEmpty()
                .allSatisfy(entry -> assertThat(entry.get("event").asString()).isEqualTo("UserLoggedInEvent"));
        assertThat(log)
                .filteredOn(entry -> entry.get("detail").asString("").equals("user linus"))
                .hasSize(1);
        assertJobEventsOnlyOn(log, "LoginJob", "auth");
        assertJobEventsOnlyOn(log, "LoadInboxJob", "chat");
        assertJobEventsOnlyOn(log, "RestoreCartJob", "cart");
        assertThat(api().get("/api/buses")).hasSameSizeAs(state.get("bus"));
    }

    private static void assertJobEventsOnlyOn(List<JsonNode> log, String jobType, String bus) {
        assertThat(log)
                .filteredOn(entry -> jobType.equals(entry.get("job").asString(null)))
                .extracting(entry ->
                        entry.get("bus").asString() + " " + entry.get("event").asString())
                .contains(bus + " JobStartedEvent", bus + " JobSuccessEvent")
                .allSatisfy(line -> assertThat(line).startsWith(bus + " "));
    }

    @Test
    void aFeedbackLoopTripsTheCircuitBreakerAndTheApplicationStaysHealthy() {
        long before = registry.tripCount();

        assertThat(api().post("/api/loop", "{}")).hasStatus(HttpStatus.ACCEPTED);

        await().atMost(PATIENCE).until(() -> registry.tripCount() > before);
        JsonNode trips = api().get("/api/trips");
        assertThat(trips.findValuesAsString("eventType")).contains("PingEvent");
        assertThat(trips.findValuesAsString("orchestrator")).containsAnyOf("PingOrchestrator", "PongOrchestrator");
        assertThat(trips.get(0).get("limit").asInt()).isEqualTo(50);
        assertThat(trips.get(0).get("count").asInt()).isEqualTo(51);

        JsonNode actuatorTrips = api().get("/actuator/orchestrator/trips").get("trips");
        assertThat(actuatorTrips.isArray()).isTrue();
        assertThat(actuatorTrips.findValuesAsString("eventType")).contains("dev.orchestrator.sample.loop.PingEvent");
        JsonNode health = api().get("/actuator/health");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components")
                        .get("orchestrator")
                        .get("details")
                        .get("tripsTotal")
                        .asLong())
                .isGreaterThan(before);

        // Still working after the trip: the next job runs as usual.
        String id = api().start("{\"kind\":\"upload\",\"parts\":1,\"durationMs\":0}");
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(api().job(id).get("status").asString()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void theActuatorShowsTheBusesAndPrometheusTheOrchestratorMeters() throws Exception {
        String id = api().start("{\"kind\":\"upload\",\"parts\":1,\"durationMs\":0}");
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(api().job(id).get("status").asString()).isEqualTo("SUCCEEDED"));

        JsonNode summary = api().get("/actuator/orchestrator");
        assertThat(summary.get("buses").findValuesAsString("name"))
                .contains("global", "jobs", "auth", "chat", "cart", "loop");
        assertThat(summary.get("executors").propertyNames())
                .contains(
                        "dev.orchestrator.sample.upload.UploadJob",
                        "dev.orchestrator.sample.flaky.FlakyCallJob",
                        "dev.orchestrator.sample.export.ExportJob");

        String prometheus =
                mvc.get().uri("/actuator/prometheus").exchange().getResponse().getContentAsString();
        assertThat(prometheus)
                .contains(
                        "orchestrator_jobs_seconds_count{bus=\"jobs\",error=\"none\",job=\"UploadJob\",outcome=\"success\"}");
        assertThat(api().get("/actuator/metrics").get("names").findValuesAsString("names"))
                .isNotNull();
    }
}
