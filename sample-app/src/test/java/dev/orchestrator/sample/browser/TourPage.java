package dev.orchestrator.sample.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample app's page as the browser test sees it: buttons to press, job rows to read, waits on
 * what the page shows (never fixed sleeps), screenshots.
 */
final class TourPage {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final String url;
    private final WebDriverWait wait;

    TourPage(WebDriver driver, String url) {
        this.driver = driver;
        this.url = url;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(25));
        wait.ignoring(StaleElementReferenceException.class); // a list item re-rendered while it was read
    }

    /** Opens the page and waits until its live connection is up. */
    TourPage open() {
        driver.get(url);
        awaitLive();
        return this;
    }

    /** Presses "Reload this page" and waits until the new page's live connection is up. */
    void reload() {
        WebElement before = driver.findElement(By.tagName("html"));
        click("reload");
        until(ExpectedConditions.stalenessOf(before));
        awaitLive();
    }

    private void awaitLive() {
        until(d -> d.findElement(By.id("live")).getDomAttribute("class").contains("on"));
    }

    /** Presses a button that starts a job and returns the id of the job row it adds to the list. */
    String startJob(String buttonId, String listId) {
        Set<String> before = jobIds(listId);
        click(buttonId);
        return until(d -> jobIds(listId).stream()
                .filter(id -> !before.contains(id))
                .findFirst()
                .orElse(null));
    }

    private Set<String> jobIds(String listId) {
        return driver.findElements(By.cssSelector("#" + listId + " > li.job")).stream()
                .map(item -> item.getDomAttribute("data-id"))
                .collect(Collectors.toSet());
    }

    void click(String id) {
        driver.findElement(By.id(id)).click();
    }

    void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    WebElement job(String id) {
        return driver.findElement(By.cssSelector("li.job[data-id='" + id + "']"));
    }

    String status(String id) {
        return job(id).getDomAttribute("data-status");
    }

    double progress(String id) {
        return Double.parseDouble(job(id).getDomAttribute("data-progress"));
    }

    String part(String id, String cssClass) {
        return job(id).findElement(By.className(cssClass)).getText();
    }

    List<String> notes(String id) {
        return job(id).findElements(By.cssSelector(".notes li")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** Presses the job's Cancel button, once it is shown and can be clicked. */
    void cancel(String id) {
        until(d -> {
                    WebElement button = job(id).findElement(By.cssSelector("button.cancel"));
                    return button.isDisplayed() && button.isEnabled() ? button : null;
                })
                .click();
    }

    void awaitStatus(String id, String status) {
        until(d -> status.equals(status(id)));
    }

    String text(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector)).getText();
    }

    List<WebElement> all(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector));
    }

    /** Waits until the condition gives a value other than {@code null} or {@code false}. */
    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /** Saves the whole page, not only the window, as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, fullPage());
            return file;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Chrome's own full-page capture (the DevTools command that Puppeteer's fullPage option uses). */
    @SuppressWarnings("unchecked")
    private byte[] fullPage() {
        ChromiumDriver chrome = (ChromiumDriver) driver;
        Map<String, Object> size = (Map<String, Object>)
                chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
        Map<String, Object> clip =
                Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = chrome.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }
}
