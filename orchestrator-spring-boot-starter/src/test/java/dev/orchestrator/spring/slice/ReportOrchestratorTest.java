package dev.orchestrator.spring.slice;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.mockito.BDDMockito.given;

import dev.orchestrator.test.EventRecorder;
import dev.orchestrator.test.StateRecorder;
import dev.orchestrator.test.spring.OrchestratorTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** The README's slice example, run as a test; README.md shows the tagged part verbatim (ReadmeTestingSectionTest in orchestrator-test). */
// tag::example[]
@OrchestratorTest // executors, orchestrators, buses and a recorder; no web layer
class ReportOrchestratorTest {

    @Autowired
    ReportOrchestrator reports;

    @Autowired
    EventRecorder events; // records the global bus, cleared before each test

    @MockitoBean
    ReportClient client; // the executor's collaborator

    @Test
    void fetchesAReportAndShowsIt() throws Exception {
        given(client.fetch("q3")).willReturn("Q3 report");

        try (StateRecorder<String> states = StateRecorder.of(reports)) {
            String id = reports.fetch("q3");

            assertThat(events).job(id).succeededWith("Q3 report");
            states.awaitState("Q3 report"::equals);
            assertThat(states).passedThrough("fetching q3", "Q3 report");
        }
    }
}
// end::example[]
