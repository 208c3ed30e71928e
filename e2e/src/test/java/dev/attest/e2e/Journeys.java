package dev.attest.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.ExternalTools;
import dev.attest.testing.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What every browser journey starts from: a real server on a free port, and Debian's Chromium, headless. */
final class Journeys {
    /** Where journeys leave their screenshots. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Journeys() {}

    /** Skips (or, in CI, fails) the suite without Chromium; a journey waits for what a person would wait for. */
    static void requireChromium() {
        ExternalTools.require(
                "the browser journeys",
                "apt-get install -y chromium",
                ExternalTools.chromium().toString());
        // A shared 2-core CI machine can be slow.
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    /** A started server over {@code storage}, on the tests' clock, signing checkpoints quickly. */
    static AttestServer server(SqliteStorage storage, Path data) {
        return server(storage, data, TestClock.clock());
    }

    /** {@link #server(SqliteStorage, Path)} on {@code clock}, for journeys that move time on. */
    static AttestServer server(SqliteStorage storage, Path data, java.time.Clock clock) {
        return AttestServer.builder()
                .storage(storage)
                .signer(CheckpointKey.loadOrCreate(data.resolve(CheckpointKey.FILE_NAME), "attest.local"))
                .port(0)
                .clock(clock)
                .checkpointInterval(Duration.ofMillis(200))
                .build()
                .start();
    }

    static Playwright playwright() {
        return Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser chromium(Playwright playwright) {
        return playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(ExternalTools.chromium())
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
    }

    /**
     * Saves what the page shows as {@code target/screenshots/NAME}, for the documentation. Chromium sometimes refuses a
     * capture while a navigation settles on a loaded machine; the page is given time to settle and asked again, so a
     * picture for the docs never decides a journey.
     */
    static void screenshot(Page page, String name) {
        Path path = SCREENSHOTS.resolve(name);
        for (int attempt = 1; ; attempt++) {
            try {
                page.waitForLoadState(LoadState.LOAD);
                Files.createDirectories(SCREENSHOTS);
                page.screenshot(new Page.ScreenshotOptions().setPath(path));
                return;
            } catch (PlaywrightException e) {
                if (attempt == 3) {
                    throw e;
                }
                page.waitForTimeout(250.0 * attempt);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Opens {@code url} (the sign-in page, or a page that sends a signed-out visitor there) and signs in as a person
     * does: types the email and password and presses "Sign in". Where the browser lands is for the journey to check.
     */
    static void signIn(Page page, String url, String email, String password) {
        page.navigate(url);
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
    }

    /**
     * Chooses {@code value} in the log page's filter labelled {@code label}. The filters apply on change through htmx,
     * which a deferred script sets up once the page is parsed: a choice made in the moment between the select's
     * appearing and htmx's start would change the select and nothing else, so the page's scripts are awaited first.
     */
    static void filter(Page page, String label, String value) {
        Locator select = page.getByLabel(label);
        select.waitFor();
        page.waitForFunction("() => document.readyState === 'complete' && window.htmx !== undefined");
        select.selectOption(value);
    }

    /** Closes what a journey class started, in reverse order; what never started is skipped. */
    static void stop(
            @Nullable Browser browser,
            @Nullable Playwright playwright,
            @Nullable AttestServer server,
            @Nullable SqliteStorage storage) {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.stop();
        }
        if (storage != null) {
            storage.close();
        }
    }
}
