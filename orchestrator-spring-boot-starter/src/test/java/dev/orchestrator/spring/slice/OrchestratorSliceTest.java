package dev.orchestrator.spring.slice;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.test.EventRecorder;
import dev.orchestrator.test.StateRecorder;
import dev.orchestrator.test.VirtualTime;
import dev.orchestrator.test.spring.OrchestratorTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** The slice: what it keeps, what it leaves out, the recorder, {@code @MockitoBean} collaborators. */
@OrchestratorTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrchestratorSliceTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    ReportOrchestrator reports;

    @Autowired
    EventRecorder events;

    @MockitoBean
    ReportClient client;

    @Test
    @Order(1)
    void keepsExecutorsOrchestratorsAndBusesAndLeavesOutOtherComponents() {
        assertThat(context.getBeanNamesForType(ReportExecutor.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(ReportOrchestrator.class)).hasSize(1);
        assertThat(context.getBean("reportsBus", SignalBus.class).name()).isEqualTo("reports");
        assertThat(context.getBeanNamesForType(Dispatcher.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(ReportController.class)).isEmpty();
        assertThat(context.getBeanNamesForType(HttpReportClient.class)).isEmpty();
        assertThat(context.getBeanNamesForType(VirtualTime.class)).isEmpty(); // real time unless asked
        assertThat(context.containsBean("requestMappingHandlerMapping")).isFalse(); // no web layer
    }

    @Test
    @Order(2)
    void runsAJobThroughTheMockedCollaboratorAndRecordsItsEvents() throws Exception {
        given(client.fetch("q3")).willReturn("Q3 report");
        try (StateRecorder<String> states = StateRecorder.of(reports)) {
            String id = reports.fetch("q3");

            assertThat(events).job(id).succeededWith("Q3 report").wasRetried(0).hasNothingAfterEnding();
            states.awaitState("Q3 report"::equals);
            assertThat(states).passedThrough("fetching q3", "Q3 report").endedIn("Q3 report");
        }
    }

    @Test
    @Order(3)
    void keepsJobInterceptorsAndExecutorsDeclaredByBeanMethods() {
        String id = context.getBean(Dispatcher.class).dispatch(new NotifyConfiguration.NotifyJob());

        assertThat(events).job(id).succeededWith("notified");
        assertThat(context.getBean(AuditInterceptor.class).dispatched).contains("NotifyJob");
    }

    @Test
    @Order(4)
    void theRecorderStartsEmptyInEachTest() {
        assertThat(events.events()).isEmpty(); // the job of the test before is gone
    }
}
