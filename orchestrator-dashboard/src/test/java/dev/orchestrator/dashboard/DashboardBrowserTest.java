package dev.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.dashboard.app.DashboardTestApplication;
import dev.orchestrator.dashboard.app.DeclinedExecutor;
import dev.orchestrator.dashboard.app.DeclinedJob;
import dev.orchestrator.dashboard.app.NoiseEvent;
import dev.orchestrator.dashboard.app.StepJob;
import dev.orchestrator.orchestration.JobOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard in a real browser (Debian's Chromium through Selenium) on the minimal test
 * application, which has no dashboard code: the page is the module's. Cancel is allowed here
 * ({@code access=unrestricted}) and details are shown ({@code show-details=always}).
 */
@SpringBootTest(
        classes = DashboardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=health,orchestrator",
            "management.endpoint.orchestrator.access=unrestricted",
            "management.endpoint.orchestrator.show-details=always",
            "orchestrator.circuit-breaker.max-events-per-second=5",
            "orchestrator.dashboard.refresh=250ms"
        })
class DashboardBrowserTest extends BrowserSupport {

    @BeforeEach
    void openPage() {
        open("http://localhost:" + port + "/orchestrator");
    }

    @Test
    void theBarePathRedirectsToThePageAndTheCancelModeIsShown() {
        assertThat(page.currentUrl()).endsWith("/orchestrator/");
        assertThat(page.text("mode")).isEqualTo("cancel allowed");
        assertThat(page.isShown("details")).isFalse();
        assertThat(page.isShown("problem")).isFalse();
    }

    @Test
    void thePagesAnswersAreRelativeAndCarrySecurityHeaders() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> bare = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orchestrator"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).contains("orchestrator/");

        HttpResponse<String> index = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orchestrator/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(index.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(index.body())
                .contains("content=\"../actuator/orchestrator\"")
                .doesNotContain("http://");

        HttpResponse<String> script = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orchestrator/dashboard.js"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
    }

    @Test
    void aRunningJobsProgressAdvancesWithItsMessageAndCancelEndsIt() {
        String id = dispatcher.dispatch(new StepJob(4));
        page.awaitRow("running-rows", id);
        assertThat(page.awaitCell("running-rows", id, "attempt", text -> !text.equals("0")))
                .isEqualTo("1");

        steps.release(1);
        page.awaitProgress(id, 25);
        page.awaitCell("running-rows", id, "message", "step 1 of 4"::equals);
        steps.release(1);
        page.awaitProgress(id, 50);
        page.awaitCell("running-rows", id, "message", "step 2 of 4"::equals);

        page.clickInRow("running-rows", id, "button.cancel");
        assertThat(page.awaitCell("finished-rows", id, "outcome", text -> !text.isEmpty()))
                .isEqualTo("cancelled");
        assertThat(dispatcher.registry().finished(id).orElseThrow().outcome()).isEqualTo(JobOutcome.CANCELLED);
        page.until(d -> page.row("running-rows", id).isEmpty());
    }

    @Test
    void aFinishedJobShowsItsOutcomeAttemptsAndError() {
        String id = dispatcher.dispatch(new DeclinedJob());
        assertThat(page.awaitCell("finished-rows", id, "outcome", text -> !text.isEmpty()))
                .isEqualTo("failure");
        assertThat(page.awaitCell("finished-rows", id, "error", text -> !text.isEmpty()))
                .contains(DeclinedExecutor.ERROR)
                .contains(IllegalStateException.class.getName());
        assertThat(page.awaitCell("finished-rows", id, "attempts", text -> !text.isEmpty()))
                .isEqualTo("1");
    }

    @Test
    void aCircuitBreakerTripAppears() {
        SignalBus bus = dispatcher.defaultBus();
        for (int i = 0; i < 40; i++) {
            bus.emit(new NoiseEvent("noise-" + i));
        }
        WebElement trip = page.until(d -> d.findElements(By.cssSelector("#trip-rows tr.trip")).stream()
                .filter(row -> row.getText().contains("NoiseEvent"))
                .findFirst()
                .orElse(null));
        assertThat(trip.getText()).contains("NoiseOrchestrator").contains("5");
        assertThat(page.isShown("trips-empty")).isFalse();
    }

    @Test
    void aJobsPageShowsItsEventsInOrder() {
        String id = dispatcher.dispatch(new StepJob(2));
        steps.release(2);
        page.awaitCell("finished-rows", id, "outcome", "success"::equals);

        page.clickInRow("finished-rows", id, "a.job-link");
        List<String> events = page.until(d -> {
            List<String> types = page.all("#job-events tr.event").stream()
                    .map(row -> row.getDomAttribute("data-type"))
                    .toList();
            return types.size() == 4 ? types : null;
        });
        assertThat(events)
                .containsExactly("JobStartedEvent", "JobProgressEvent", "JobProgressEvent", "JobSuccessEvent");
        assertThat(page.text("job-events")).contains("50 % · step 1 of 2").contains("100 % · step 2 of 2");
        assertThat(page.text("job-facts")).contains(id).contains(StepJob.class.getName());
        assertThat(page.isShown("overview")).isFalse();

        page.click("#back");
        page.until(d -> page.isShown("overview"));
    }

    @Test
    void filtersByJobTypeAndOutcome() {
        String declined = dispatcher.dispatch(new DeclinedJob());
        String done = dispatcher.dispatch(new StepJob(1));
        steps.release(1);
        page.awaitCell("finished-rows", declined, "outcome", "failure"::equals);
        page.awaitCell("finished-rows", done, "outcome", "success"::equals);

        page.filter("filter-type", "DeclinedJob");
        page.until(d -> page.ids("finished-rows").contains(declined)
                && !page.ids("finished-rows").contains(done));
        page.filter("filter-type", "all types");
        page.filter("filter-outcome", "success");
        page.until(d -> page.ids("finished-rows").contains(done)
                && !page.ids("finished-rows").contains(declined));
        page.filter("filter-outcome", "all");
    }

    @Test
    void screenshotForTheReadme() throws Exception {
        String running = dispatcher.dispatch(new StepJob(5));
        try {
            steps.release(2);
            page.awaitProgress(running, 40);
            String declined = dispatcher.dispatch(new DeclinedJob());
            String done = dispatcher.dispatch(new StepJob(0));
            page.awaitCell("finished-rows", declined, "outcome", "failure"::equals);
            page.awaitCell("finished-rows", done, "outcome", "success"::equals);
            Path file = page.screenshot("dashboard");
            assertThat(Files.size(file)).isGreaterThan(10_000);
        } finally {
            dispatcher.cancel(running); // its steps must not take later tests' permits
        }
    }
}
