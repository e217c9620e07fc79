package dev.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.dashboard.app.DashboardTestApplication;
import dev.orchestrator.dashboard.app.DeclinedJob;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard under a servlet context path, at a path of two segments, with Actuator under a base
 * path of its own: every URL of the page is relative, so it finds its files and the endpoint.
 */
@SpringBootTest(
        classes = DashboardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.servlet.context-path=/app",
            "orchestrator.dashboard.path=/ops/jobs",
            "management.endpoints.web.base-path=/manage",
            "management.endpoints.web.exposure.include=orchestrator",
            "management.endpoint.orchestrator.show-details=always",
            "orchestrator.dashboard.refresh=250ms"
        })
class DashboardContextPathTest extends BrowserSupport {

    @Test
    void worksUnderAContextPath() {
        String id = dispatcher.dispatch(new DeclinedJob());
        open("http://localhost:" + port + "/app/ops/jobs");

        assertThat(page.currentUrl()).isEqualTo("http://localhost:" + port + "/app/ops/jobs/");
        assertThat(page.awaitCell("finished-rows", id, "outcome", text -> !text.isEmpty()))
                .isEqualTo("failure");
        assertThat(chromium.driver.findElement(By.id("endpoint-link")).getDomProperty("href"))
                .isEqualTo("http://localhost:" + port + "/app/manage/orchestrator");
        assertThat(page.isShown("problem")).isFalse();
    }
}
