package dev.fedchat.server.webui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browsers of one test, as a JUnit 5 extension ({@code @RegisterExtension} on an instance
 * field): {@link #start(String)} opens one; when the test fails, each browser's screenshot and
 * console log are saved under {@code target/browser-artifacts/} before the browsers are closed
 * after the test, passed or failed.
 */
final class Browsers implements AfterTestExecutionCallback, AfterEachCallback {
    static final Path ARTIFACTS = Path.of("target", "browser-artifacts");

    private final List<Browser> open = new ArrayList<>();

    Browser start(String name) {
        Browser browser = Browser.start(name);
        open.add(browser);
        return browser;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        String prefix = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        for (Browser browser : open) {
            try {
                browser.saveArtifacts(ARTIFACTS, prefix);
                System.err.println("browser artifacts of " + browser.name() + " saved in " + ARTIFACTS.toAbsolutePath());
            } catch (IOException | RuntimeException e) {
                // the test's own failure is what matters; say why the evidence is missing and go on
                System.err.println("could not save the artifacts of browser " + browser.name() + ": " + e);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (Browser browser : open) {
            try {
                browser.close();
            } catch (RuntimeException e) {
                System.err.println("could not close browser " + browser.name() + ": " + e);
            }
        }
        open.clear();
    }
}
