package dev.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.dashboard.app.DashboardTestApplication;
import dev.orchestrator.dashboard.app.DeclinedJob;
import dev.orchestrator.dashboard.app.StepJob;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard behind a reverse proxy that serves the application under {@code /tools}. The proxy
 * sends forwarded headers but the application ignores them (no {@code server.forward-headers-strategy}):
 * the page needs none, since its URLs are relative. The redirect, the page's files, its reads and
 * its cancel all go through the proxy.
 */
@SpringBootTest(
        classes = DashboardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=orchestrator",
            "management.endpoint.orchestrator.access=unrestricted",
            "management.endpoint.orchestrator.show-details=always",
            "orchestrator.dashboard.refresh=250ms"
        })
class DashboardBehindProxyTest extends BrowserSupport {

    @Test
    void worksUnderTheProxysPrefix() throws Exception {
        try (ReverseProxy proxy = new ReverseProxy("/tools", port)) {
            String declined = dispatcher.dispatch(new DeclinedJob());
            String running = dispatcher.dispatch(new StepJob(2));
            open(proxy.url("/orchestrator"));

            assertThat(page.currentUrl()).isEqualTo(proxy.url("/orchestrator/"));
            page.awaitCell("finished-rows", declined, "outcome", "failure"::equals);
            steps.release(1);
            page.awaitProgress(running, 50);
            assertThat(chromium.driver.findElement(By.id("endpoint-link")).getDomProperty("href"))
                    .isEqualTo(proxy.url("/actuator/orchestrator"));
            page.clickInRow("running-rows", running, "button.cancel");
            page.awaitCell("finished-rows", running, "outcome", "cancelled"::equals);
        }
    }
}
