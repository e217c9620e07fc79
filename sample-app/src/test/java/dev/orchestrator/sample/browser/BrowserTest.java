package dev.orchestrator.sample.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.orchestration.JobRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole tour in a real browser (Debian's Chromium through Selenium) against the application on
 * a random port: every feature as a person sees it, each checked against the job registry or the
 * Actuator too. Screenshots go to {@code target/screenshots/}; the last one is the README's picture.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("fast")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    JobRegistry registry;

    private TourPage page;

    /** Saves what the page showed when a test failed, as {@code target/screenshots/failed-<test>.png}. */
    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (page != null) {
                page.screenshot("failed-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = new Chromium(1280, 1000);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openPage() {
        page = new TourPage(chromium.driver, "http://localhost:" + port + "/").open();
    }

    private JobOutcome outcome(String id) {
        page.until(d -> registry.finished(id).isPresent());
        return registry.finished(id).orElseThrow().outcome();
    }

    @Test
    @Order(1)
    void aLongJobShowsItsProgressAdvancingAndAReloadNeitherCancelsNorLosesIt() {
        String id = page.startJob("upload-start", "upload-jobs");

        double first = page.until(d -> page.progress(id) > 0 ? page.progress(id) : null);
        page.until(d -> page.progress(id) > first);
        assertThat(page.part(id, "message")).matches("\\d+/10 · Uploaded part \\d+ of 10");
        page.screenshot("01-upload-progress");

        page.reload();
        assertThat(page.status(id)).as("still running after the reload").isEqualTo("RUNNING");
        assertThat(page.progress(id)).isGreaterThan(first);
        assertThat(registry.running(id)).isPresent();
        page.screenshot("02-upload-after-reload");

        page.awaitStatus(id, "SUCCEEDED");
        assertThat(page.progress(id)).isEqualTo(1.0);
        assertThat(page.part(id, "result")).endsWith("uploaded in 10 parts");
        assertThat(outcome(id)).isEqualTo(JobOutcome.SUCCESS);
        page.screenshot("03-upload-succeeded");
    }

    @Test
    @Order(2)
    void theCancelButtonCancelsARunningUpload() {
        String id = page.startJob("upload-start", "upload-jobs");
        page.until(d -> page.progress(id) > 0);

        page.cancel(id);

        page.awaitStatus(id, "CANCELLED");
        assertThat(page.notes(id)).containsExactly("Cancelled by you");
        assertThat(page.progress(id)).isLessThan(1.0);
        assertThat(outcome(id)).isEqualTo(JobOutcome.CANCELLED);
        page.screenshot("04-upload-cancelled");
    }

    @Test
    @Order(3)
    void startingAnotherUploadCancelsTheRunningOne() {
        String first = page.startJob("upload-start", "upload-jobs");
        page.awaitStatus(first, "RUNNING");
        assertThat(page.text("#upload-start")).isEqualTo("Start another upload (replaces the running one)");

        String second = page.startJob("upload-start", "upload-jobs");

        page.awaitStatus(first, "CANCELLED");
        assertThat(page.notes(first)).containsExactly("Replaced by upload " + second.substring(0, 8));
        page.awaitStatus(second, "RUNNING");
        assertThat(outcome(first)).isEqualTo(JobOutcome.CANCELLED);
        page.screenshot("05-upload-replaced");

        page.cancel(second);
        page.awaitStatus(second, "CANCELLED");
    }

    @Test
    @Order(4)
    void aTransientErrorShowsItsRetryNoticesAndAPermanentOneFailsAtOnce() {
        String id = page.startJob("flaky-transient", "flaky-jobs");

        page.until(d -> page.part(id, "notice").equals("Retrying in 500 ms (attempt 2 of 4)"));
        page.until(d -> page.part(id, "notice").equals("Retrying in 1 s (attempt 3 of 4)"));
        assertThat(page.status(id)).isEqualTo("RETRYING");
        page.screenshot("06-retrying");
        page.awaitStatus(id, "SUCCEEDED");
        assertThat(page.notes(id))
                .containsExactly(
                        "503 Service Unavailable — retrying in 500 ms (attempt 2 of 4)",
                        "503 Service Unavailable — retrying in 1 s (attempt 3 of 4)");
        assertThat(registry.finished(id).orElseThrow().attempts()).isEqualTo(3);

        String permanent = page.startJob("flaky-permanent", "flaky-jobs");
        page.awaitStatus(permanent, "FAILED");
        assertThat(page.part(permanent, "error")).isEqualTo("401 Unauthorized: API key rejected");
        assertThat(page.notes(permanent)).containsExactly("Failed at once: not retried");
        assertThat(outcome(permanent)).isEqualTo(JobOutcome.FAILURE);
        assertThat(registry.finished(permanent).orElseThrow().attempts()).isEqualTo(1);
        page.screenshot("07-flaky-finished");
    }

    @Test
    @Order(5)
    void anExportThatNeedsLongerThanItsTimeoutShowsAsTimedOut() {
        assertThat(page.text("#export .lead")).contains("needs 3 s", "is 600 ms");

        String id = page.startJob("export-start", "export-jobs");

        page.awaitStatus(id, "TIMED_OUT");
        assertThat(page.part(id, "error")).isEqualTo("Timed out after 600 ms");
        assertThat(page.progress(id)).isLessThan(1.0);
        assertThat(outcome(id)).isEqualTo(JobOutcome.TIMEOUT);
        page.screenshot("08-export-timed-out");
    }

    @Test
    @Order(6)
    void loggingInShowsEachModuleOnItsOwnBusAndOnePublicEventOnTheGlobalBus() {
        page.type("login-user", "grace");
        page.click("login");

        page.until(d -> page.text("#module-chat .status").equals("Inbox of grace loaded"));
        page.until(d -> page.text("#module-cart .status").equals("Cart of grace restored"));
        assertThat(page.text("#module-auth .status")).isEqualTo("Logged in as grace");
        page.until(d -> page.all("#bus-log tbody tr[data-job='RestoreCartJob'][data-event='JobSuccessEvent']")
                        .size()
                > 0);

        List<WebElement> global = page.all("#bus-log tbody tr[data-bus='global']");
        assertThat(global)
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.getDomAttribute("data-event")).isEqualTo("UserLoggedInEvent"));
        assertThat(global.get(0).getText()).contains("user grace");
        assertThat(busesOf("LoginJob")).containsOnly("auth");
        assertThat(busesOf("LoadInboxJob")).containsOnly("chat");
        assertThat(busesOf("RestoreCartJob")).containsOnly("cart");
        page.screenshot("09-modules");
    }

    private List<String> busesOf(String jobType) {
        return page.all("#bus-log tbody tr[data-job='" + jobType + "']").stream()
                .map(row -> row.getDomAttribute("data-bus"))
                .toList();
    }

    @Test
    @Order(7)
    void aFeedbackLoopTripsTheCircuitBreakerAndTheApplicationStaysHealthy() throws Exception {
        page.click("loop-start");

        page.until(d -> !page.all("#trips li.trip").isEmpty());
        assertThat(page.text("#trips li.trip")).contains("dropped PingEvent", "limit 50");
        page.until(d -> page.text("#loop-pong").equals("50 events"));
        page.until(d -> page.text("#health").equals("UP"));

        JsonNode trips = getJson("/actuator/orchestrator/trips").get("trips");
        assertThat(trips.isArray()).isTrue();
        assertThat(trips.findValuesAsString("eventType")).contains("dev.orchestrator.sample.loop.PingEvent");
        assertThat(getJson("/actuator/health").get("status").asString()).isEqualTo("UP");
        page.screenshot("10-circuit-breaker");
    }

    @Test
    @Order(8)
    void everyFeatureShowsOnOnePageMidDemo() {
        String upload = page.startJob("upload-start", "upload-jobs");
        String flaky = page.startJob("flaky-transient", "flaky-jobs");
        String export = page.startJob("export-start", "export-jobs");
        // The notes keep every retry: the live notice shows only during the 1 s wait, which a slow
        // machine's polling could miss (the notice itself is pinned by
        // aTransientErrorShowsItsRetryNoticesAndAPermanentOneFailsAtOnce).
        page.until(d -> page.notes(flaky).stream().anyMatch(note -> note.endsWith("retrying in 1 s (attempt 3 of 4)")));

        // 3 s of upload against 1.5 s of retries: running, unless the machine stalled for over a second
        assertThat(page.status(upload)).isIn("RUNNING", "SUCCEEDED");
        assertThat(page.all("#trips li.trip")).isNotEmpty();
        assertThat(page.all("#bus-log tbody tr[data-bus]")).isNotEmpty();
        page.screenshot("11-tour");

        page.awaitStatus(export, "TIMED_OUT");
        page.awaitStatus(flaky, "SUCCEEDED");
        page.awaitStatus(upload, "SUCCEEDED");
    }

    @Test
    @Order(9)
    void lookInsideOpensTheDashboardWithTheSamplesJobs() {
        String flaky = page.startJob("flaky-permanent", "flaky-jobs");
        page.awaitStatus(flaky, "FAILED");
        String href = chromium.driver.findElement(By.id("dashboard-link")).getDomProperty("href");
        assertThat(href).isEqualTo("http://localhost:" + port + "/orchestrator/");

        chromium.driver.get(href);
        page.until(d -> d.findElement(By.id("live")).getDomAttribute("class").contains("on"));
        WebElement row = page.until(
                d -> d.findElements(By.cssSelector("#finished-rows tr[data-job-id='" + flaky + "']")).stream()
                        .findFirst()
                        .orElse(null));
        assertThat(row.getText()).contains("FlakyCallJob").contains("failure");
        assertThat(chromium.driver.findElement(By.id("executor-rows")).getText())
                .contains("UploadJob", "FlakyCallJob", "ExportJob");
        page.screenshot("12-dashboard");
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }
}
