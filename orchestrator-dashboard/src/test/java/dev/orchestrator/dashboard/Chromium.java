package dev.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, driven by its own chromedriver (never Selenium Manager, which would go to the
 * internet), headless, with a fresh profile. Missing binaries fail the test with the command that
 * installs them: a browser test that skips proves nothing in CI.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String INSTALL =
            "install it with: apt-get update && apt-get install -y chromium chromium-driver";

    /**
     * Debian's Chromium is newer than the DevTools versions bundled with Selenium; the test uses only
     * WebDriver and plain DevTools commands, so Selenium's warning about it is noise. Held here because
     * java.util.logging keeps only weak references to loggers.
     */
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    private final Path profile;
    private final ChromeDriverService service;
    final WebDriver driver;

    Chromium(int width, int height) throws IOException {
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
        assertThat(BINARY)
                .as("Chromium is required for the dashboard browser tests at " + BINARY + "; " + INSTALL)
                .isExecutable();
        assertThat(DRIVER)
                .as("chromedriver is required for the dashboard browser tests at " + DRIVER + "; " + INSTALL)
                .isExecutable();
        profile = Files.createTempDirectory("dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
