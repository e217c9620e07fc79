package dev.orchestrator.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(properties = "sample.report.step-delay=5ms")
@AutoConfigureMockMvc
class JobControllerTest {

    @Autowired
    MockMvcTester mvc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aStartedReportRunsToSuccess() throws Exception {
        MvcTestResult started = mvc.post().uri("/api/reports?steps=3").exchange();
        assertThat(started).hasStatus(HttpStatus.ACCEPTED);
        String id = (String) json.readValue(started.getResponse().getContentAsString(), Map.class).get("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            MvcTestResult read = mvc.get().uri("/api/reports/" + id).exchange();
            assertThat(read).hasStatusOk();
            assertThat(read).bodyJson().extractingPath("$.status").isEqualTo("SUCCESS");
        });
    }

    @Test
    void anUnknownJobIsNotFoundAndBadStepsAreRejected() {
        assertThat(mvc.get().uri("/api/reports/nope").exchange()).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.post().uri("/api/reports?steps=0").exchange()).hasStatus(HttpStatus.BAD_REQUEST);
    }
}
