package dev.orchestrator.dashboard;

import dev.orchestrator.dashboard.app.StepExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One Chromium per test class, a fresh cookie jar per test, and a screenshot of the page when a
 * test fails ({@code target/screenshots/failed-<test>.png}); the application's port, dispatcher and
 * step executor for the tests.
 */
abstract class BrowserSupport {

    static Chromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    Dispatcher dispatcher;

    @Autowired
    StepExecutor steps;

    DashboardView page;

    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (page != null) {
                page.screenshot("failed-" + context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = new Chromium(1280, 900);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    /** Opens the page at the URL (cookies of earlier tests removed) and waits until it has read the endpoint. */
    DashboardView open(String url) {
        chromium.driver.manage().deleteAllCookies();
        page = new DashboardView(chromium.driver, url);
        return page.open();
    }
}
