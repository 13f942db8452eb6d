package dev.fedchat.server.webui;

import dev.fedchat.server.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven through Debian's chromedriver (SERVICES.md "Browser"), with
 * a fresh profile of its own: two browsers are two people. Nothing is downloaded: both binaries
 * are given explicitly, so Selenium Manager is never asked. Missing binaries fail the test with
 * the command that installs them; they never skip it. Not thread-safe: one test thread drives it.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** How long the page may take to show what a step waits for (federation included). */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    /** Where downloads land, inside the profile (deleted with it). */
    private static final String DOWNLOADS = "downloads";

    private final String name;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(String name, Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.name = name;
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts a browser named {@code name} (it names the failure artifacts too). */
    static Browser start(String name) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: the browser tests need Debian's chromium and "
                        + "chromium-driver (apt-get install -y chromium chromium-driver; ./test.sh installs them)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("fedchat-browser-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,900", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", profile.resolve(DOWNLOADS).toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new Browser(name, profile, service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            TestServer.deleteRecursively(profile);
            throw e;
        }
    }

    String name() {
        return name;
    }

    ChromeDriver driver() {
        return driver;
    }

    Path downloads() {
        return profile.resolve(DOWNLOADS);
    }

    void open(String url) {
        driver.get(url);
    }

    /** A wait of {@link #PATIENCE} on this browser, for conditions of the caller's own. */
    WebDriverWait waiting() {
        return new WebDriverWait(driver, PATIENCE);
    }

    /** The element matching {@code by} once it is visible. */
    WebElement visible(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until one of the elements matching {@code by} shows {@code text}; returns that one. */
    WebElement waitForText(By by, String text) {
        return waiting().withMessage(() -> name + ": no " + by + " showing '" + text + "'")
                .ignoring(StaleElementReferenceException.class) // lists re-render as events arrive
                .until(d -> d.findElements(by).stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null));
    }

    /** Saves a screenshot and the page's console log as {@code <prefix>-<name>.png} / {@code .console.log} in {@code dir}. */
    void saveArtifacts(Path dir, String prefix) throws IOException {
        Files.createDirectories(dir);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(prefix + "-" + name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString).collect(Collectors.joining("\n"));
        Files.writeString(dir.resolve(prefix + "-" + name + ".console.log"),
                "URL: " + driver.getCurrentUrl() + "\n" + console + "\n\nDOM:\n" + driver.getPageSource());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            TestServer.deleteRecursively(profile);
        }
    }
}
