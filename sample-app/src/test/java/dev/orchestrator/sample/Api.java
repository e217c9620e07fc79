package dev.orchestrator.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UnsupportedEncodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small helpers over {@link MockMvcTester} for the API tests: post JSON, read JSON. */
final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvcTester mvc;

    Api(MockMvcTester mvc) {
        this.mvc = mvc;
    }

    MvcTestResult post(String uri, String json) {
        return mvc.post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json)
                .exchange();
    }

    /** Starts a job, checks the 202 answer and returns the job's id. */
    String start(String json) {
        MvcTestResult result = post("/api/jobs", json);
        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        String id = read(result).get("id").asString();
        assertThat(result).headers().hasValue("Location", "/api/jobs/" + id);
        return id;
    }

    /** The job as {@code GET /api/jobs/{id}} shows it. */
    JsonNode job(String id) {
        MvcTestResult result = mvc.get().uri("/api/jobs/" + id).exchange();
        assertThat(result).hasStatusOk();
        return read(result);
    }

    JsonNode get(String uri) {
        MvcTestResult result = mvc.get().uri(uri).exchange();
        assertThat(result).hasStatusOk();
        return read(result);
    }

    static JsonNode read(MvcTestResult result) {
        try {
            return JSON.readTree(result.getResponse().getContentAsString());
        } catch (UnsupportedEncodingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Checks that the answer is a problem detail with this status whose detail contains the fragments. */
    static void assertProblem(MvcTestResult result, HttpStatus status, String... detailFragments) {
        assertThat(result).hasStatus(status);
        assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = read(result);
        assertThat(problem.get("status").asInt()).isEqualTo(status.value());
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).contains(detailFragments);
    }
}
