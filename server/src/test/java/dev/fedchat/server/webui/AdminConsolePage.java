package dev.fedchat.server.webui;

import java.util.List;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin console of the web client, for a browser already logged in as an admin
 * ({@link ChatPage#logIn}): one method per thing an admin looks at or does. Every lookup waits; none
 * sleeps. The console reads the status and the peers again every few seconds, so the waits here
 * see them move.
 */
final class AdminConsolePage {
    private static final By ENTRY = By.id("admin-toggle");
    private static final By RECORDS = By.cssSelector("#dns-records > li");
    private static final By REFUSED = By.cssSelector("#rejected > li");

    private final Browser browser;

    private AdminConsolePage(Browser browser) {
        this.browser = browser;
    }

    /** Whether the "Administration" entry shows, once the chat has loaded. */
    static boolean entryShown(Browser browser) {
        browser.visible(By.id("logout"));
        return browser.driver().findElement(ENTRY).isDisplayed();
    }

    /** Clicks "Administration" and waits for the console, its records and the federation settings to load. */
    static AdminConsolePage open(Browser browser) {
        browser.visible(ENTRY).click();
        browser.visible(By.id("admin"));
        browser.visible(RECORDS);
        // the key is filled in once the settings form is: typing before would be overwritten
        browser.waiting().withMessage(() -> "the federation settings never loaded")
                .until(d -> !d.findElement(By.id("fed-key")).getAttribute("value").isEmpty());
        return new AdminConsolePage(browser);
    }

    /** The federation status once it shows {@code expected}; what it shows then, its reason (if any) in brackets after it. */
    String awaitStatus(String expected) {
        return awaitStatus(expected, "");
    }

    /** As {@link #awaitStatus(String)}, once the reason shown contains {@code words} too. */
    String awaitStatus(String expected, String words) {
        browser.waiting().withMessage(() -> "status never " + expected + " saying '" + words + "', was " + status())
                .until(d -> text("fed-status").equals(expected) && text("fed-status-reason").contains(words));
        return status();
    }

    private String status() {
        return text("fed-status") + text("fed-status-reason");
    }

    private String text(String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    String publicKey() {
        return browser.visible(By.id("fed-key")).getAttribute("value");
    }

    /** Clicks Copy and returns what the page then says ("Copied." or the error line). */
    String copyKey() {
        browser.visible(By.id("fed-key-copy")).click();
        return saidOrError(By.id("fed-key-copied"));
    }

    /** Ticks or unticks Enabled and saves; returns what the save line says. */
    String saveEnabled(boolean enabled) {
        WebElement box = browser.visible(By.id("fed-enabled"));
        if (box.isSelected() != enabled) {
            box.click();
        }
        return saveFederation();
    }

    /** Writes {@code domain} into Domain and saves; returns what the save line (or the error line) says. */
    String saveDomain(String domain) {
        type(By.id("fed-domain"), domain);
        return saveFederation();
    }

    /** Picks Discovery Method {@code method} (dns or hub), writes {@code hubUrl} into Hub URL and saves. */
    String saveDiscovery(String method, String hubUrl) {
        new Select(browser.visible(By.id("fed-discovery"))).selectByValue(method);
        type(By.id("fed-hub"), hubUrl);
        return saveFederation();
    }

    private void type(By field, String text) {
        WebElement input = browser.visible(field);
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks Save of the federation settings as they are; returns what the save line (or the error line) says. */
    String saveFederation() {
        browser.driver().findElement(By.cssSelector("#fed-form button[type=submit]")).click();
        return saidOrError(By.id("fed-saved"));
    }

    /** One shown DNS record: its name, its mark (✓ or ✗), and the detail in words. */
    record Record(String name, String mark, String detail) {}

    /** Clicks "Check again"; the records once they are {@code domain}'s (the names end with it). */
    List<Record> checkRecordsAgain(String domain) {
        browser.visible(By.id("dns-check")).click();
        return browser.waiting().withMessage(() -> "the records never named " + domain + ": " + records())
                .until(d -> {
                    List<Record> shown = records();
                    return shown.stream().allMatch(r -> r.name().endsWith("." + domain)) ? shown : null;
                });
    }

    List<Record> records() {
        return browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> d.findElements(RECORDS).stream()
                .map(li -> new Record(li.getAttribute("data-name"), li.findElement(By.className("mark")).getText(),
                        li.findElements(By.className("detail")).stream().map(WebElement::getText).findFirst().orElse("")))
                .toList());
    }

    /** The note above the records, when there is one (a server that asks no DNS); empty otherwise. */
    String recordsNote() {
        WebElement note = browser.driver().findElement(By.id("dns-note"));
        return note.isDisplayed() ? note.getText() : "";
    }

    /** Waits until the peers table shows {@code domain} as {@code health}; returns the row's text. */
    String awaitPeer(String domain, String health) {
        return awaitPeer(domain, health, p -> p.health().equals(health)).text();
    }

    /** One row of the peers table, cell by cell as shown; {@code text} is the whole row's. */
    record Peer(String health, String pending, String lastError, String eventsOut, String refused, String text) {}

    /** Waits until the peers table shows {@code domain}'s row as {@code condition} (named {@code what}) wants it; returns it. */
    Peer awaitPeer(String domain, String what, Predicate<Peer> condition) {
        By row = By.cssSelector("#peers tbody tr[data-domain='" + domain + "']");
        return browser.waiting().withMessage(() -> "peer " + domain + " never shown " + what)
                .ignoring(StaleElementReferenceException.class) // the table is rebuilt at each refresh
                .until(d -> d.findElements(row).stream().map(AdminConsolePage::peer).filter(condition).findFirst().orElse(null));
    }

    private static Peer peer(WebElement row) {
        // the cells after the domain: health, pending, last success, last error, next attempt, in, out, refused, actions
        List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        return new Peer(cells.get(0), cells.get(1), cells.get(3), cells.get(6), cells.get(7), row.getText());
    }

    /** Clicks "Show refused events" on {@code domain}'s row; returns the list's lines once it shows (a heading first). */
    List<String> showRefused(String domain) {
        browser.visible(By.cssSelector("#peers button[aria-label='Show the events " + domain + " refused']")).click();
        return browser.waiting().withMessage(() -> "the events " + domain + " refused never shown")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    List<String> lines = d.findElements(REFUSED).stream().map(WebElement::getText).toList();
                    return !lines.isEmpty() && lines.get(0).equals("Events " + domain + " refused") ? lines : null;
                });
    }

    /** Clicks "Send refused events again" on {@code domain}'s row; returns what the page then says. */
    String resendRefused(String domain) {
        browser.visible(By.cssSelector("#peers button[aria-label='Send the events " + domain + " refused again']")).click();
        return browser.waitForText(REFUSED, "to " + domain + " again").getText();
    }

    /** Clicks "Test setup" and returns the checklist's lines once it has come (the first one is the verdict). */
    List<String> testSetup() {
        browser.visible(By.id("test-setup")).click();
        By items = By.cssSelector("#setup-checks > li");
        return browser.waiting().withMessage(() -> "no checklist")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    List<String> lines = d.findElements(items).stream().map(WebElement::getText).toList();
                    return lines.size() > 1 ? lines : null;
                });
    }

    /** The Site URL field of the general settings, once loaded. */
    String siteUrl() {
        return browser.waiting().until(d -> {
            String url = d.findElement(By.id("gen-site-url")).getAttribute("value");
            return url.isEmpty() ? null : url;
        });
    }

    /**
     * Shows the event graph of room {@code roomId} and opens its list ("Events as a list"); returns
     * the list's lines once they have come.
     */
    List<String> events(String roomId) {
        WebElement room = browser.visible(By.id("events-room"));
        room.clear();
        room.sendKeys(roomId, Keys.ENTER);
        WebElement list = browser.visible(By.cssSelector("details.events-list"));
        if (list.getAttribute("open") == null) {
            list.findElement(By.tagName("summary")).click();
        }
        By items = By.cssSelector("#events > li");
        return browser.waiting().withMessage(() -> "no events of " + roomId)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    List<String> lines = d.findElements(items).stream().map(WebElement::getText).toList();
                    return lines.isEmpty() ? null : lines;
                });
    }

    /** The event graph as drawn: its summary for screen readers, its event boxes and its links. */
    record Drawing(String label, List<Node> nodes, List<Link> links) {}

    /** One event's box: the event's id, how far down the page it is drawn (px), whether it shows the leaf mark. */
    record Node(String eventId, int top, boolean leafMarked) {}

    /** One drawn link, from the parent to the child. */
    record Link(String from, String to) {}

    /** The drawing of the graph {@link #events} showed, once it is drawn. */
    Drawing drawing() {
        WebElement svg = browser.visible(By.cssSelector("#events-graph svg"));
        List<Node> nodes = svg.findElements(By.cssSelector(".node")).stream()
                .map(n -> new Node(n.getAttribute("data-event-id"), n.getRect().getY(), !n.findElements(By.className("leaf-mark")).isEmpty()))
                .toList();
        List<Link> links = svg.findElements(By.cssSelector(".edge")).stream()
                .map(e -> new Link(e.getAttribute("data-from"), e.getAttribute("data-to")))
                .toList();
        return new Drawing(svg.getAttribute("aria-label"), nodes, links);
    }

    /** Clicks the box of event {@code eventId} in the drawing; returns the details shown under it then. */
    String pickInDrawing(String eventId) {
        browser.visible(By.cssSelector("#events-graph .node[data-event-id='" + eventId + "']")).click();
        return browser.visible(By.id("events-picked")).getText();
    }

    /** The user list's rows (username, name, server, roles, state) once it holds {@code username}. */
    List<String> usersOnceListing(String username) {
        By rows = By.cssSelector("#users tbody tr");
        return browser.waiting().withMessage(() -> "user list never showed " + username)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    List<String> lines = d.findElements(rows).stream().map(WebElement::getText).toList();
                    return lines.stream().anyMatch(l -> l.startsWith(username)) ? lines : null;
                });
    }

    /** Clicks "Retry now" on {@code domain}'s row (by its screen-reader label); returns what the page then says. */
    String retry(String domain) {
        By button = By.cssSelector("#peers button[aria-label='Retry " + domain + " now']");
        // the table is rebuilt at each refresh: a button found just before one is gone by the click
        browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(button).click();
            return true;
        });
        return saidOrError(By.id("peers-said"));
    }

    /** Once the status line {@code said} or the error line shows something, what it shows. */
    private String saidOrError(By said) {
        return browser.waiting().until(d -> {
            String text = d.findElement(said).getText();
            String error = d.findElement(By.id("error")).getText();
            return !text.isEmpty() ? text : error.isEmpty() ? null : error;
        });
    }
}
