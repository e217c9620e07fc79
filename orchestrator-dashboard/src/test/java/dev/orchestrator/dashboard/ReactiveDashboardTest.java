package dev.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.dashboard.app.DashboardTestApplication;
import dev.orchestrator.dashboard.app.DeclinedExecutor;
import dev.orchestrator.dashboard.app.DeclinedJob;
import dev.orchestrator.dashboard.app.StepJob;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The same page in a reactive (WebFlux) application under a base path: progress, error, cancel. */
@SpringBootTest(
        classes = DashboardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "spring.webflux.base-path=/flux",
            "management.endpoints.web.exposure.include=orchestrator",
            "management.endpoint.orchestrator.access=unrestricted",
            "management.endpoint.orchestrator.show-details=always",
            "orchestrator.dashboard.refresh=250ms"
        })
class ReactiveDashboardTest extends BrowserSupport {

    @Test
    void showsProgressAndErrorsAndCancels() {
        String running = dispatcher.dispatch(new StepJob(4));
        String declined = dispatcher.dispatch(new DeclinedJob());
        open("http://localhost:" + port + "/flux/orchestrator");

        assertThat(page.currentUrl()).isEqualTo("http://localhost:" + port + "/flux/orchestrator/");
        assertThat(page.awaitCell("finished-rows", declined, "error", text -> !text.isEmpty()))
                .contains(DeclinedExecutor.ERROR);
        steps.release(1);
        page.awaitProgress(running, 25);
        assertThat(page.text("mode")).isEqualTo("cancel allowed");
        page.clickInRow("running-rows", running, "button.cancel");
        page.awaitCell("finished-rows", running, "outcome", "cancelled"::equals);
    }
}
