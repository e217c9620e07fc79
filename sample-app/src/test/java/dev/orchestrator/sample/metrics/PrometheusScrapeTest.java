package dev.orchestrator.sample.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.orchestration.JobRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10, item 5: the sample app's {@code /actuator/prometheus}, scraped over HTTP once jobs of
 * every outcome, a retry, a circuit-breaker trip and a handler error made every orchestrator series
 * exist, passes Prometheus's own {@code promtool check metrics} without a remark on any
 * {@code orchestrator_*} series; and the README's metrics table lists exactly those series.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("fast")
class PrometheusScrapeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The scrape after every kind of job: one per test class (the context is shared too). */
    private static Scrape scrape;

    @LocalServerPort
    int port;

    @Autowired
    JobRegistry registry;

    @Autowired
    SignalBus globalBus;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void promtoolHasNoRemarkOnAnyOrchestratorSeries() throws Exception {
        Scrape scraped = scrapeAfterEveryKindOfJob();

        List<String> remarks = Promtool.checkMetrics(scraped.text());

        assertThat(remarks)
                .as("promtool check metrics remarks (all of them: %s)", remarks)
                .noneMatch(remark -> remark.contains("orchestrator_"));
        assertThat(scraped.orchestratorFamilies())
                .allSatisfy(family -> assertThat(scraped.help().get(family))
                        .as("help text of %s", family)
                        .isNotBlank());
    }

    @Test
    void theReadmeMetricsTableListsEverySeriesOfTheScrapeAndNoOther() throws Exception {
        Scrape scraped = scrapeAfterEveryKindOfJob();

        assertThat(ReadmeMetricsTables.read().always())
                .as("the README's metrics table (first table of '### Metrics')")
                .containsExactlyInAnyOrderElementsOf(scraped.orchestratorFamilies());
    }

    private synchronized Scrape scrapeAfterEveryKindOfJob() throws Exception {
        if (scrape == null) {
            runEveryKindOfJob();
            scrape = Scrape.of(get("/actuator/prometheus"));
        }
        return scrape;
    }

    /** Jobs of every outcome, a retry, a feedback loop that trips the circuit breaker, a handler error. */
    private void runEveryKindOfJob() throws Exception {
        String cancelled = start("{\"kind\":\"upload\",\"parts\":100,\"durationMs\":20000}");
        await().atMost(PATIENCE)
                .until(() -> registry.runningJobs().stream()
                        .anyMatch(job ->
                                job.id().equals(cancelled) && job.started().isPresent()));
        send(HttpRequest.newBuilder(uri("/api/jobs/" + cancelled)).DELETE(), 202);
        awaitOutcome(cancelled, JobOutcome.CANCELLED);

        String uploaded = start("{\"kind\":\"upload\",\"parts\":2,\"durationMs\":100}");
        String retried = start("{\"kind\":\"flaky\",\"mode\":\"transient\",\"failFirst\":1,\"durationMs\":10}");
        String failed = start("{\"kind\":\"flaky\",\"mode\":\"permanent\",\"durationMs\":10}");
        String timedOut = start("{\"kind\":\"export\"}");
        send(HttpRequest.newBuilder(uri("/api/loop")).POST(HttpRequest.BodyPublishers.noBody()), 202);
        globalBus.emit(new ProbeEvent());

        awaitOutcome(uploaded, JobOutcome.SUCCESS);
        awaitOutcome(retried, JobOutcome.SUCCESS);
        assertThat(registry.finished(retried).orElseThrow().attempts()).isEqualTo(2);
        awaitOutcome(failed, JobOutcome.FAILURE);
        awaitOutcome(timedOut, JobOutcome.TIMEOUT);
        await().atMost(PATIENCE).until(() -> registry.tripCount() > 0 && registry.handlerErrorCount() > 0);
    }

    private void awaitOutcome(String id, JobOutcome outcome) {
        await().atMost(PATIENCE).until(() -> registry.finished(id).isPresent());
        assertThat(registry.finished(id).orElseThrow().outcome())
                .as("job %s", id)
                .isEqualTo(outcome);
    }

    private String start(String json) throws IOException, InterruptedException {
        String body = send(
                HttpRequest.newBuilder(uri("/api/jobs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                202);
        return JSON.readTree(body).get("id").asString();
    }

    /** GET in the Prometheus text format 0.0.4, the one promtool reads. */
    private String get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/plain; version=0.0.4"), 200);
    }

    private String send(HttpRequest.Builder request, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s: %s", response.request().uri(), response.body())
                .isEqualTo(status);
        return response.body();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Makes {@link ProbeOrchestrator}'s handler throw. */
    static final class ProbeEvent extends BaseEvent {
        ProbeEvent() {
            super("probe");
        }
    }

    /** An orchestrator on the global bus whose handler fails on {@link ProbeEvent}: a handler error. */
    static final class ProbeOrchestrator extends BaseOrchestrator<Map<String, String>> {
        ProbeOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super(Map.of(), dispatcher, bus);
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            if (event instanceof ProbeEvent) {
                throw new IllegalStateException("probe handler fails on purpose");
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Probe {
        @Bean
        ProbeOrchestrator probeOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            return new ProbeOrchestrator(dispatcher, bus);
        }
    }
}
