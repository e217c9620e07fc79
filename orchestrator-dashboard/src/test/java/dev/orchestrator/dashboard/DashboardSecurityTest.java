package dev.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.dashboard.app.DashboardTestApplication;
import dev.orchestrator.dashboard.app.DeclinedExecutor;
import dev.orchestrator.dashboard.app.DeclinedJob;
import dev.orchestrator.dashboard.app.StepJob;
import dev.orchestrator.dashboard.app.TestSecurity;
import dev.orchestrator.orchestration.JobOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The dashboard under Spring Security ({@link TestSecurity}'s {@code secured} profile): anyone may
 * read, only the role OPS sees details ({@code show-details=when-authorized}, {@code roles=OPS}) and
 * may cancel (DELETE on Actuator), users sign in with a form, CSRF protection is on.
 */
@SpringBootTest(
        classes = DashboardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=orchestrator",
            "management.endpoint.orchestrator.access=unrestricted",
            "management.endpoint.orchestrator.show-details=when-authorized",
            "management.endpoint.orchestrator.roles=OPS",
            "orchestrator.dashboard.refresh=250ms"
        })
@ActiveProfiles("secured")
class DashboardSecurityTest extends BrowserSupport {

    private String running = "";
    private String declined = "";

    @BeforeEach
    void signedOutWithOneRunningAndOneFailedJob() {
        chromium.driver.get("http://localhost:" + port + "/login");
        chromium.driver.manage().deleteAllCookies();
        running = dispatcher.dispatch(new StepJob(2));
        declined = dispatcher.dispatch(new DeclinedJob());
        steps.release(1);
    }

    @AfterEach
    void endTheRunningJob() {
        dispatcher.cancel(running);
    }

    @Test
    void anUnauthenticatedUserSeesNoDetailsAndNoCancel() {
        open(dashboard());
        page.awaitProgress(running, 50);
        assertThat(page.awaitCell("finished-rows", declined, "error", text -> !text.isEmpty()))
                .isEqualTo("hidden");
        assertThat(page.awaitCell("running-rows", running, "message", text -> !text.isEmpty()))
                .isEqualTo("hidden");
        assertThat(page.text("mode")).isEqualTo("read-only");
        assertThat(page.all("button.cancel")).isEmpty();
        assertThat(chromium.driver.getPageSource()).doesNotContain(DeclinedExecutor.ERROR);
    }

    @Test
    void aUserWithoutTheRoleSeesNoDetailsAndNoCancel() {
        signIn("viewer");
        open(dashboard());
        page.awaitProgress(running, 50);
        assertThat(page.awaitCell("finished-rows", declined, "error", text -> !text.isEmpty()))
                .isEqualTo("hidden");
        assertThat(page.text("mode")).isEqualTo("read-only");
        assertThat(page.all("button.cancel")).isEmpty();
    }

    @Test
    void anOperatorSeesDetailsAndCancels() {
        signIn(TestSecurity.OPS);
        open(dashboard());
        assertThat(page.awaitCell("finished-rows", declined, "error", text -> !text.isEmpty()))
                .contains(DeclinedExecutor.ERROR);
        page.awaitCell("running-rows", running, "message", "step 1 of 2"::equals);
        assertThat(page.isShown("details")).isFalse();
        assertThat(page.text("mode")).isEqualTo("cancel allowed");

        page.clickInRow("running-rows", running, "button.cancel");
        page.awaitCell("finished-rows", running, "outcome", "cancelled"::equals);
        assertThat(dispatcher.registry().finished(running).orElseThrow().outcome())
                .isEqualTo(JobOutcome.CANCELLED);
    }

    private String dashboard() {
        return "http://localhost:" + port + "/orchestrator/";
    }

    /** Signs in through Spring Security's login form. */
    private void signIn(String user) {
        WebDriver driver = chromium.driver;
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(TestSecurity.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        new DashboardView(driver, "").until(d -> !d.getCurrentUrl().contains("/login"));
    }

    @Override
    DashboardView open(String url) {
        page = new DashboardView(chromium.driver, url); // keeps the cookies of the sign-in
        return page.open();
    }
}
