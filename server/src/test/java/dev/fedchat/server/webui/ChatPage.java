package dev.fedchat.server.webui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web client as a person uses it, one method per thing they do or look at, so the tests read
 * as the scenario. Every lookup waits (WebDriverWait) for the page to get there; none sleeps.
 */
final class ChatPage {
    private static final By ROOM_TITLE = By.id("room-title");
    private static final By MESSAGES = By.cssSelector("#messages > li");

    private final Browser browser;

    ChatPage(Browser browser) {
        this.browser = browser;
    }

    /** Opens the server at {@code url} and logs in through the form, pressing Enter as a keyboard user would. */
    ChatPage logIn(String url, String user, String password) {
        submitLogin(url, user, password);
        browser.visible(By.id("chat-screen"));
        browser.waitForText(By.id("live-status"), "live");
        return this;
    }

    /** Opens the server at {@code url} and submits the login form, without waiting for the chat. */
    ChatPage submitLogin(String url, String user, String password) {
        browser.open(url);
        browser.visible(By.id("login-user")).sendKeys(user);
        browser.visible(By.id("login-password")).sendKeys(password, Keys.ENTER);
        return this;
    }

    /** The tab's title once the site name has replaced the page's own. */
    String title() {
        return browser.waiting().until(d -> "fedchat".equals(d.getTitle()) ? null : d.getTitle());
    }

    /** Waits until the live connection's status line says {@code text} ("live", "offline, reconnecting…"). */
    void awaitLiveStatus(String text) {
        browser.waitForText(By.id("live-status"), text);
    }

    void reload() {
        browser.driver().navigate().refresh();
        browser.waitForText(By.id("live-status"), "live");
    }

    void logOut() {
        browser.visible(By.id("logout")).click();
        browser.visible(By.id("login-form"));
    }

    /** What the page keeps in localStorage under {@code key}, or null. */
    String stored(String key) {
        return (String) browser.driver().executeScript("return localStorage.getItem(arguments[0]);", key);
    }

    /** The error line's text once it shows. */
    String error() {
        return browser.visible(By.id("error")).getText();
    }

    /** Searches people and channels for {@code text}; returns the result showing {@code shown} once it does. */
    WebElement findInSearch(String text, String shown) {
        search(text);
        return browser.waitForText(By.cssSelector("#search-results > li"), shown);
    }

    /** Types {@code text} in the search box and presses Enter. */
    void search(String text) {
        WebElement box = browser.visible(By.id("search-text"));
        box.clear();
        box.sendKeys(text, Keys.ENTER);
    }

    /** Clicks "Open #{@code channel}" in the search results and waits for the channel to open. */
    void openFoundChannel(String channel) {
        browser.visible(By.xpath("//ul[@id='search-results']//button[normalize-space()='Open #" + channel + "']")).click();
        browser.waitForText(ROOM_TITLE, channel);
    }

    /** Clicks "Message {@code username}" in the search results and waits for the DM to open. */
    void messagePerson(String username) {
        browser.visible(By.xpath("//ul[@id='search-results']//button[normalize-space()='Message " + username + "']")).click();
        browser.waitForText(ROOM_TITLE, username);
    }

    /** Creates a private group through the sidebar form, inviting {@code members} (comma-separated); waits until it is open. */
    void createGroup(String name, String members) {
        browser.visible(By.cssSelector(".new-group summary")).click();
        browser.visible(By.id("group-name")).sendKeys(name);
        browser.visible(By.id("group-members")).sendKeys(members, Keys.ENTER);
        browser.waitForText(ROOM_TITLE, name);
    }

    /** Types {@code names} (comma-separated) into the open room's Invite form and submits it (Enter). */
    void invite(String names) {
        browser.visible(By.id("invite-names")).sendKeys(names, Keys.ENTER);
    }

    /** The room list entry called {@code name}, once it shows. */
    WebElement roomEntry(String name) {
        return browser.waitForText(By.cssSelector("#room-list button"), name);
    }

    void openRoom(String name) {
        browser.waiting().ignoring(StaleElementReferenceException.class) // the list may re-render between find and click
                .until(d -> {
                    roomEntry(name).click();
                    return true;
                });
        browser.waitForText(ROOM_TITLE, name);
    }

    /** The room list entry called {@code name} once its label (what a screen reader says) contains {@code fragment}. */
    String roomLabel(String name, String fragment) {
        return browser.waiting()
                .withMessage(() -> browser.name() + ": room " + name + " never labelled '" + fragment + "'")
                .ignoring(StaleElementReferenceException.class) // the list re-renders on every change
                .until(d -> {
                    String label = roomEntry(name).getAttribute("aria-label");
                    return label.contains(fragment) ? label : null;
                });
    }

    /** Whether the open room offers the invite form (to its owners and admins). */
    boolean inviteOffered() {
        return browser.driver().findElement(By.id("invite")).isDisplayed();
    }

    String roomTitle() {
        return browser.visible(ROOM_TITLE).getText();
    }

    String composerText() {
        return browser.visible(By.id("composer-text")).getAttribute("value");
    }

    /** Replaces what the composer holds with {@code text} and submits it (Enter). */
    void replaceComposerText(String text) {
        WebElement box = browser.visible(By.id("composer-text"));
        box.clear();
        box.sendKeys(text, Keys.ENTER);
    }

    void send(String text) {
        browser.visible(By.id("composer-text")).sendKeys(text, Keys.ENTER);
    }

    void upload(Path file) {
        browser.driver().findElement(By.id("upload-file")).sendKeys(file.toAbsolutePath().toString());
        browser.visible(By.cssSelector("#upload button[type=submit]")).click();
    }

    /** The message showing {@code text}, once it shows. */
    WebElement message(String text) {
        return browser.waitForText(MESSAGES, text);
    }

    /** Waits until no message shows {@code text}. */
    void waitUntilGone(String text) {
        browser.waiting().withMessage(() -> "message '" + text + "' still shown")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(MESSAGES).stream().noneMatch(e -> e.getText().contains(text)));
    }

    /** Clicks the button labelled {@code label} (for screen readers) on the message showing {@code text}. */
    void act(String text, String label) {
        WebElement button = browser.waiting()
                .ignoring(StaleElementReferenceException.class)
                .until(d -> message(text).findElement(By.cssSelector("button[aria-label^='" + label + "']")));
        button.click();
    }

    /** The screen-reader label of the message's reaction button for {@code emoji}, once it contains {@code fragment}. */
    String reactionLabel(String text, String emoji, String fragment) {
        return browser.waiting()
                .withMessage(() -> "reaction " + emoji + " on '" + text + "' never labelled '" + fragment + "'")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    String label = message(text).findElement(By.cssSelector("button[aria-label^='React with " + emoji + "']"))
                            .getAttribute("aria-label");
                    return label.contains(fragment) ? label : null;
                });
    }

    /** Scrolls the message list to its top, as often as it takes for a message showing {@code text} to be loaded. */
    void scrollBackTo(String text) {
        browser.waiting().withMessage(() -> "scrolled back, never reached '" + text + "'")
                .pollingEvery(Duration.ofMillis(300))
                .until(d -> {
                    browser.driver().executeScript("document.getElementById('messages').scrollTop = 0;");
                    return d.findElements(MESSAGES).stream().anyMatch(e -> e.getText().contains(text));
                });
    }

    /** Texts of the shown messages, oldest first. */
    java.util.List<String> messageTexts() {
        return browser.driver().findElements(By.cssSelector("#messages > li > p")).stream().map(WebElement::getText).toList();
    }

    /** Clicks the download link {@code fileName} and returns the downloaded file's bytes once it is complete. */
    byte[] download(String fileName) {
        browser.visible(By.linkText(fileName)).click();
        Path file = browser.downloads().resolve(fileName);
        return browser.waiting().withMessage(() -> "no download " + file).until(d -> {
            try {
                return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The image preview titled {@code fileName} once the browser has loaded and decoded it. */
    WebElement loadedImage(String fileName) {
        By image = By.cssSelector("#messages img[alt='" + fileName + "']");
        browser.waiting().withMessage(() -> "no loaded image " + fileName)
                .pollingEvery(Duration.ofMillis(100))
                .until(ExpectedConditions.and(ExpectedConditions.presenceOfElementLocated(image),
                        d -> (Boolean) browser.driver().executeScript(
                                "const i = document.querySelector(arguments[0]); return i.complete && i.naturalWidth > 0;",
                                "#messages img[alt='" + fileName + "']")));
        return browser.driver().findElement(image);
    }
}
