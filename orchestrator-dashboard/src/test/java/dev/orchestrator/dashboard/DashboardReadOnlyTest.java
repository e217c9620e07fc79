package dev.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.dashboard.app.ActuatorRequests;
import dev.orchestrator.dashboard.app.DashboardTestApplication;
import dev.orchestrator.dashboard.app.DeclinedExecutor;
import dev.orchestrator.dashboard.app.DeclinedJob;
import dev.orchestrator.dashboard.app.StepJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The dashboard with the endpoint's defaults: read-only access and details only for authorized
 * users (here nobody is signed in). The page offers no cancel and shows no message or error text.
 */
@SpringBootTest(
        classes = DashboardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=orchestrator", "orchestrator.dashboard.refresh=250ms"})
@ExtendWith(OutputCaptureExtension.class)
class DashboardReadOnlyTest extends BrowserSupport {

    @Autowired
    ActuatorRequests requests;

    private String running = "";

    @AfterEach
    void endTheRunningJob() {
        if (!running.isEmpty()) {
            dispatcher.cancel(running);
        }
    }

    @Test
    void offersNoCancelAndHidesDetails(CapturedOutput output) {
        running = dispatcher.dispatch(new StepJob(3));
        String declined = dispatcher.dispatch(new DeclinedJob());
        steps.release(1);
        open("http://localhost:" + port + "/orchestrator/");

        page.awaitProgress(running, 33);
        assertThat(page.awaitRow("running-rows", running).findElements(By.cssSelector("button.cancel")))
                .isEmpty();
        assertThat(page.all("button.cancel")).isEmpty();
        assertThat(page.text("mode")).isEqualTo("read-only");
        assertThat(page.isShown("details")).isTrue();
        assertThat(page.awaitCell("running-rows", running, "message", text -> !text.isEmpty()))
                .isEqualTo("hidden");
        assertThat(page.awaitCell("finished-rows", declined, "error", text -> !text.isEmpty()))
                .isEqualTo("hidden");
        assertThat(chromium.driver.getPageSource()).doesNotContain(DeclinedExecutor.ERROR);

        page.clickInRow("running-rows", running, "a.job-link");
        page.until(d -> page.all("#job-events tr.event").size() >= 2);
        assertThat(page.text("job-events")).contains("33 %").doesNotContain("step 1 of 3");
        assertThat(page.all("#job-actions button")).isEmpty();
        assertThat(requests.count("GET")).as("the page read the endpoint").isPositive();
        assertThat(requests.count("DELETE"))
                .as("the page did not try a DELETE that the endpoint does not offer")
                .isZero();
        assertThat(output).doesNotContain("Request method 'DELETE'");
    }
}
