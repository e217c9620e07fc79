package dev.orchestrator.sample;

import static dev.orchestrator.sample.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The API's error answers: every bad input is a 400 problem detail that names the bad value, an
 * unknown job id a 404, cancelling a job that ended a 409; nothing is dispatched for a bad request.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("fast")
class ApiErrorsTest {

    @Autowired
    MockMvcTester mvc;

    private Api api() {
        return new Api(mvc);
    }

    @Test
    void anUnknownJobKindIsABadRequestNamingTheValidKinds() {
        assertProblem(
                api().post("/api/jobs", "{\"kind\":\"teleport\"}"),
                HttpStatus.BAD_REQUEST,
                "Unknown job kind 'teleport'",
                "upload, flaky, export");
    }

    @Test
    void aMissingJobKindIsABadRequest() {
        assertProblem(api().post("/api/jobs", "{}"), HttpStatus.BAD_REQUEST, "'kind' is required");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments("{\"kind\":\"export\",\"durationMs\":-5}", "'durationMs' must not be negative, was -5"),
                arguments("{\"kind\":\"upload\",\"durationMs\":-1}", "'durationMs' must not be negative, was -1"),
                arguments(
                        "{\"kind\":\"upload\",\"durationMs\":600001}",
                        "'durationMs' must be at most 600000, was 600001"),
                arguments("{\"kind\":\"upload\",\"parts\":0}", "'parts' must be between 1 and 100, was 0"),
                arguments("{\"kind\":\"upload\",\"parts\":101}", "'parts' must be between 1 and 100, was 101"),
                arguments(
                        "{\"kind\":\"flaky\",\"mode\":\"sometimes\"}",
                        "Unknown mode 'sometimes'; one of random, transient, permanent"),
                arguments(
                        "{\"kind\":\"flaky\",\"mode\":\"transient\",\"failFirst\":-1}",
                        "'failFirst' must be between 0 and 10, was -1"),
                arguments(
                        "{\"kind\":\"flaky\",\"mode\":\"transient\",\"failFirst\":11}",
                        "'failFirst' must be between 0 and 10, was 11"),
                arguments(
                        "{\"kind\":\"export\",\"durationMs\":1.5}",
                        "'durationMs' cannot be '1.5': it takes a whole number"),
                arguments("{\"kind\":\"upload\",\"parts\":2.0}", "'parts' cannot be '2.0': it takes a whole number"),
                arguments(
                        "{\"kind\":\"upload\",\"parts\":\"" + "9".repeat(500) + "\"}",
                        "'parts' cannot be '" + "9".repeat(60) + "…': it takes a whole number"),
                arguments("{\"kind\":\"" + "k".repeat(5000) + "\"}", "Unknown job kind '" + "k".repeat(60) + "…'"),
                arguments(
                        "{\"kind\":\"flaky\",\"mode\":\"" + "m".repeat(5000) + "\"}",
                        "Unknown mode '" + "m".repeat(60) + "…'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueIsABadRequestNamingIt(String body, String detail) {
        int before = api().get("/api/jobs").size();
        assertProblem(api().post("/api/jobs", body), HttpStatus.BAD_REQUEST, detail);
        assertThat(api().get("/api/jobs").size()).as("nothing was started").isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() {
        assertThat(api().post("/api/jobs", "kind=upload"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith("application/problem+json");
        assertProblem(
                api().post("/api/jobs", "kind=upload"),
                HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON: '");
    }

    @Test
    void aMalformedJobIdIsABadRequest() {
        assertProblem(
                mvc.get().uri("/api/jobs/not-a-job-id").exchange(),
                HttpStatus.BAD_REQUEST,
                "Job id must be a UUID",
                "'not-a-job-id'");
        assertProblem(mvc.delete().uri("/api/jobs/42").exchange(), HttpStatus.BAD_REQUEST, "'42'");
        assertProblem(
                mvc.get().uri("/api/jobs/" + "a".repeat(2000)).exchange(),
                HttpStatus.BAD_REQUEST,
                "was '" + "a".repeat(60) + "…'");
    }

    @Test
    void anUnknownJobIdIsNotFound() {
        String id = UUID.randomUUID().toString();
        assertProblem(mvc.get().uri("/api/jobs/" + id).exchange(), HttpStatus.NOT_FOUND, "No job with id " + id);
        assertProblem(mvc.delete().uri("/api/jobs/" + id).exchange(), HttpStatus.NOT_FOUND, "No job with id " + id);
    }

    @Test
    void cancellingAJobThatEndedIsAConflict() {
        String id = api().start("{\"kind\":\"upload\",\"parts\":1,\"durationMs\":0}");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(api().job(id).get("status").asString()).isEqualTo("SUCCEEDED"));

        assertProblem(
                mvc.delete().uri("/api/jobs/" + id).exchange(), HttpStatus.CONFLICT, "is not running (SUCCEEDED)");
    }

    @Test
    void aBadUserNameIsABadRequest() {
        assertProblem(
                api().post("/api/login", "{\"user\":\"\"}"),
                HttpStatus.BAD_REQUEST,
                "'user' must be 1 to 20 letters or digits, was ''");
        assertProblem(api().post("/api/login", "{}"), HttpStatus.BAD_REQUEST, "was missing");
        assertProblem(
                api().post("/api/login", "{\"user\":\"" + "u".repeat(5000) + "\"}"),
                HttpStatus.BAD_REQUEST,
                "was '" + "u".repeat(60) + "…'");
    }

    @Test
    void anUnknownPathIsNotFoundAsAProblemDetail() {
        assertThat(mvc.get().uri("/api/nothing-here").exchange())
                .hasStatus(HttpStatus.NOT_FOUND)
                .hasContentTypeCompatibleWith("application/problem+json");
    }
}
