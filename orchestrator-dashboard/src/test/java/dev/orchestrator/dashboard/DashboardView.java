package dev.orchestrator.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as the tests see it: rows of jobs by id, their cells, the filters, a job's page,
 * and waits on what the page shows (never fixed sleeps). Screenshots go to
 * {@code target/screenshots/}.
 */
final class DashboardView {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final String url;
    private final WebDriverWait wait;

    DashboardView(WebDriver driver, String url) {
        this.driver = driver;
        this.url = url;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(25));
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
    }

    /** Opens the page and waits until it has read the endpoint and decided whether to offer cancel. */
    DashboardView open() {
        driver.get(url);
        return awaitLive();
    }

    DashboardView awaitLive() {
        until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        until(d -> d.findElement(By.id("live")).getDomAttribute("class").contains("on"));
        return this;
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** {@return the row of a job in a table ({@code running-rows}, {@code finished-rows}), once it is there} */
    WebElement awaitRow(String tableId, String jobId) {
        return until(d -> d.findElement(By.cssSelector("#" + tableId + " tr[data-job-id='" + jobId + "']")));
    }

    Optional<WebElement> row(String tableId, String jobId) {
        return driver.findElements(By.cssSelector("#" + tableId + " tr[data-job-id='" + jobId + "']")).stream()
                .findFirst();
    }

    /** Waits until the text of a cell of a job's row satisfies the condition, and returns it. */
    String awaitCell(String tableId, String jobId, String cellClass, Function<String, Boolean> condition) {
        return until(d -> {
            String text = awaitRow(tableId, jobId)
                    .findElement(By.cssSelector("." + cellClass))
                    .getText();
            return condition.apply(text) ? text : null;
        });
    }

    /** Waits until a running job's progress bar shows the value (percent). */
    void awaitProgress(String jobId, int percent) {
        until(d -> String.valueOf(percent)
                .equals(awaitRow("running-rows", jobId)
                        .findElement(By.cssSelector("[role=progressbar]"))
                        .getDomAttribute("aria-valuenow")));
    }

    List<String> ids(String tableId) {
        return driver.findElements(By.cssSelector("#" + tableId + " tr[data-job-id]")).stream()
                .map(row -> row.getDomAttribute("data-job-id"))
                .toList();
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    boolean isShown(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    List<WebElement> all(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector));
    }

    /** Clicks the element once it is there (a row the page has just rewritten is looked up again). */
    void click(String cssSelector) {
        until(d -> {
            d.findElement(By.cssSelector(cssSelector)).click();
            return true;
        });
    }

    /** Clicks something in a job's row of a table, e.g. {@code button.cancel} or {@code a.job-link}. */
    void clickInRow(String tableId, String jobId, String cssSelector) {
        click("#" + tableId + " tr[data-job-id='" + jobId + "'] " + cssSelector);
    }

    void filter(String selectId, String visibleText) {
        new Select(driver.findElement(By.id(selectId))).selectByVisibleText(visibleText);
    }

    /** Waits until the condition gives a value other than {@code null} or {@code false}. */
    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /** Saves the whole page, not only the window, as {@code target/screenshots/<name>.png}. */
    @SuppressWarnings("unchecked")
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            ChromiumDriver chrome = (ChromiumDriver) driver;
            Map<String, Object> size = (Map<String, Object>)
                    chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
            Map<String, Object> clip =
                    Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
            Map<String, Object> shot = chrome.executeCdpCommand(
                    "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
