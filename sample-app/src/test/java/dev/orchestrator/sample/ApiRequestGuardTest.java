package dev.orchestrator.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.sample.web.ApiRequestGuard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The API over real HTTP refuses what a public demo would meet: cross-site state changes (403) and
 * bodies over the limit, announced or chunked (413), with problem details, starting nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("fast")
class ApiRequestGuardTest {

    @LocalServerPort
    int port;

    @Autowired
    JobRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json");
    }

    /** Every job the registry knows, running or finished: a job that ends meanwhile stays in it. */
    private Set<String> jobIds() {
        Set<String> ids = new TreeSet<>();
        registry.runningJobs().forEach(job -> ids.add(job.id()));
        registry.finishedJobs().forEach(job -> ids.add(job.id()));
        return ids;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aStateChangeFromAnotherSiteIsRefusedAndStartsNothing() throws Exception {
        Set<String> before = jobIds();

        HttpResponse<String> loop = send(post("/api/loop")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        HttpResponse<String> job = send(post("/api/jobs")
                .header("Origin", "http://localhost:" + (port + 1))
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"export\"}"))
                .build());

        assertThat(loop.statusCode()).isEqualTo(403);
        assertThat(loop.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(loop.body())
                .contains("\"status\":403")
                .contains("Cross-site request refused: Origin 'https://evil.example' is not this application");
        assertThat(job.statusCode()).isEqualTo(403);
        assertThat(jobIds()).as("no job was dispatched").isEqualTo(before);
    }

    @Test
    void aStateChangeFromThisApplicationsOwnPageIsAccepted() throws Exception {
        HttpResponse<String> job = send(post("/api/jobs")
                .header("Origin", "http://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"export\",\"durationMs\":1}"))
                .build());

        assertThat(job.statusCode()).isEqualTo(202);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherItAnnouncesItsLengthOrComesInChunks() throws Exception {
        String big = "{\"kind\":\"" + "x".repeat(ApiRequestGuard.MAX_BODY_BYTES) + "\"}";

        HttpResponse<String> announced = send(
                post("/api/jobs").POST(HttpRequest.BodyPublishers.ofString(big)).build());
        HttpResponse<String> chunked = send(post("/api/jobs")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build());

        assertThat(announced.statusCode()).isEqualTo(413);
        assertThat(announced.body())
                .contains("Request body of " + big.length() + " bytes refused: the API accepts at most 16384 bytes")
                .doesNotContain("xxxxxxxxxx");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("Request body of more than 16384 bytes refused");
    }

    @Test
    void aChunkedBodyWithinTheLimitStillReachesTheApi() throws Exception {
        byte[] body = "{\"kind\":\"teleport\"}".getBytes();

        HttpResponse<String> answer = send(post("/api/jobs")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Unknown job kind 'teleport'");
    }
}
