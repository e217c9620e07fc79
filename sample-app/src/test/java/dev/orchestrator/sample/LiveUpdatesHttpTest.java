package dev.orchestrator.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.sample.live.LiveUpdates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live connection over real HTTP: {@code /api/events} pushes each change of a job's state as
 * it happens, and a client that hangs up is dropped while its job runs on (navigating
 * away is not cancelling).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("fast")
class LiveUpdatesHttpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    JobRegistry registry;

    @Autowired
    LiveUpdates live;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    /** An open event stream whose lines are collected as they arrive. */
    private final class EventStream implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Stream<String> body;

        EventStream() throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri("/api/events"))
                    .header("Accept", "text/event-stream")
                    .build();
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            body = response.body();
            Thread reader = new Thread(
                    () -> {
                        try {
                            body.forEach(lines::add);
                        } catch (RuntimeException closed) {
                            // the test closed the stream
                        }
                    },
                    "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        boolean hasData(String... fragments) {
            return lines.stream()
                    .anyMatch(line -> line.startsWith("data:") && EventStream.containsAll(line, fragments));
        }

        private static boolean containsAll(String line, String... fragments) {
            for (String fragment : fragments) {
                if (!line.contains(fragment)) {
                    return false;
                }
            }
            return true;
        }

        /** The job's "status message" in each pushed state of the upload board that shows it, in order. */
        List<String> views(String id) {
            List<String> views = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("data:{\"orchestrator\":\"UploadOrchestrator\"")) {
                    JsonNode jobs = json.readTree(line.substring("data:".length()))
                            .get("state")
                            .get("jobs");
                    jobs.valueStream()
                            .filter(job -> job.get("id").asString().equals(id))
                            .forEach(job -> views.add(job.get("status").asString() + " "
                                    + job.get("message").asString("null")));
                }
            }
            return views;
        }

        @Override
        public void close() {
            body.close();
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private String startUpload(int parts, long durationMs) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"kind\":\"upload\",\"parts\":" + parts + ",\"durationMs\":" + durationMs + "}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        return json.readTree(response.body()).get("id").asString();
    }

    @Test
    void aJobsStateIsPushedAtEveryStepUntilItEnds() throws Exception {
        try (EventStream stream = new EventStream()) {
            await().atMost(PATIENCE).until(() -> stream.lines.contains("event:hello"));

            String id = startUpload(3, 150);

            await().atMost(PATIENCE).until(() -> stream.views(id).contains("SUCCEEDED Uploaded part 3 of 3"));
            assertThat(stream.views(id))
                    .containsExactly(
                            "QUEUED null",
                            "RUNNING null",
                            "RUNNING Uploaded part 1 of 3",
                            "RUNNING Uploaded part 2 of 3",
                            "RUNNING Uploaded part 3 of 3",
                            "SUCCEEDED Uploaded part 3 of 3");
        }
    }

    @Test
    void aClientThatHangsUpIsDroppedAndItsJobRunsOn() throws Exception {
        String id;
        try (EventStream stream = new EventStream()) {
            await().atMost(PATIENCE).until(() -> stream.lines.contains("event:hello"));
            assertThat(live.connections()).isPositive();
            id = startUpload(10, 1500);
            await().atMost(PATIENCE).until(() -> stream.hasData(id, "\"status\":\"RUNNING\""));
        }

        // No client is left (earlier tests hung up too): the job's next updates find every connection dead.
        await().atMost(PATIENCE).until(() -> live.connections() == 0);
        assertThat(registry.running(id))
                .as("still running after the client went away")
                .isPresent();
        await().atMost(PATIENCE).until(() -> registry.finished(id).isPresent());
        assertThat(registry.finished(id).orElseThrow().outcome()).isEqualTo(JobOutcome.SUCCESS);
    }
}
