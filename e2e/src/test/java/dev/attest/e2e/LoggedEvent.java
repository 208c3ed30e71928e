package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.attest.core.member.Member;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event as a person finds it in the log page: its row clicked, its drawer open, its raw JSON read as the page shows
 * it. Every administration journey ends here, so that each checks the same five things of what it did — the actor, the
 * target, the payload, the IP address and the browser's user agent — in the same way.
 */
final class LoggedEvent {
    /** How the loopback address reads in {@code context.ip}, whichever family the browser connected with. */
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1", "0:0:0:0:0:0:0:1");

    private final String action;
    private final Map<?, ?> json;

    private LoggedEvent(String action, Map<?, ?> json) {
        this.action = action;
        this.json = json;
    }

    /** The rows of {@code action} on the log page, newest first; never those of an action it is a prefix of. */
    static Locator rows(Page page, String action) {
        return page.locator("tbody#rows tr.row[aria-label='Open event " + action + "']");
    }

    /** Opens the newest event of {@code action} on the log page. */
    static LoggedEvent newest(Page page, String action) {
        return open(page, action, rows(page, action).first());
    }

    /** Opens the {@code newestFirst}-th event of {@code action} (0 is the newest) on the log page. */
    static LoggedEvent open(Page page, String action, int newestFirst) {
        return open(page, action, rows(page, action).nth(newestFirst));
    }

    /**
     * Opens the event of {@code row} and waits until the drawer shows that very event (not the one opened before), then
     * reads its raw JSON.
     */
    static LoggedEvent open(Page page, String action, Locator row) {
        String href = Objects.requireNonNull(row.getAttribute("data-href"), "a log row links to its event");
        // /orgs/{org}/events/{id}, with the page's filters as its query.
        String path = href.contains("?") ? href.substring(0, href.indexOf('?')) : href;
        String id = path.substring(path.lastIndexOf('/') + 1);
        row.click();
        Locator raw = page.locator("#drawer #raw-json");
        assertThat(raw).containsText("\"id\" : \"" + id + "\"");
        Object parsed = page.evaluate("() => JSON.parse(document.querySelector('#drawer #raw-json').textContent)");
        assertThat(parsed).as("the raw event of " + action).isInstanceOf(Map.class);
        LoggedEvent event = new LoggedEvent(action, (Map<?, ?>) parsed);
        assertThat(event.text("action")).isEqualTo(action);
        return event;
    }

    /** The user agent of the browser {@code page} runs in, as it sends it with every request. */
    static String userAgentOf(Page page) {
        return (String) page.evaluate("() => navigator.userAgent");
    }

    /** Done by this signed-in member, in the role they have, and it succeeded. */
    LoggedEvent byMember(Member member) {
        actor("member", member.id()).actorEmail(member.email()).outcome("success");
        assertThat(object("actor").get("role"))
                .as(action + " actor.role")
                .isEqualTo(Objects.requireNonNull(member.role()).wire());
        return this;
    }

    /** The actor's type and id. */
    LoggedEvent actor(String type, String id) {
        Map<?, ?> actor = object("actor");
        assertThat(actor.get("type")).as(action + " actor.type").isEqualTo(type);
        assertThat(actor.get("id")).as(action + " actor.id").isEqualTo(id);
        return this;
    }

    /** The actor's email, as a security team reads who it was. */
    LoggedEvent actorEmail(String email) {
        assertThat(object("actor").get("email")).as(action + " actor.email").isEqualTo(email);
        return this;
    }

    LoggedEvent outcome(String outcome) {
        assertThat(text("outcome")).as(action + " outcome").isEqualTo(outcome);
        return this;
    }

    /** The target's type and id. */
    LoggedEvent target(String type, String id) {
        Map<?, ?> target = object("target");
        assertThat(target.get("type")).as(action + " target.type").isEqualTo(type);
        assertThat(target.get("id")).as(action + " target.id").isEqualTo(id);
        return this;
    }

    /**
     * Carries {@code value} as {@code payload.field}. Numbers compare by value (the page's JSON has no integer type);
     * lists and objects compare as the page shows them.
     */
    LoggedEvent payload(String field, Object value) {
        Map<?, ?> payload = object("payload");
        assertThat(payload.containsKey(field))
                .as(action + " payload " + payload + " has " + field)
                .isTrue();
        Object actual = payload.get(field);
        if (value instanceof Number expected && actual instanceof Number found) {
            assertThat(found.doubleValue()).as(action + " payload." + field).isEqualTo(expected.doubleValue());
        } else {
            assertThat(actual).as(action + " payload." + field).isEqualTo(value);
        }
        return this;
    }

    /** The request's context: from this machine (a loopback address) and from exactly this browser. */
    LoggedEvent from(String userAgent) {
        Map<?, ?> context = object("context");
        assertThat(context.get("ip")).as(action + " context.ip").isIn(LOOPBACK);
        assertThat(context.get("user_agent")).as(action + " context.user_agent").isEqualTo(userAgent);
        return this;
    }

    /** A field of the payload, for what a journey checks another way (e.g. ids among others). */
    @Nullable
    Object payloadField(String field) {
        return object("payload").get(field);
    }

    private Map<?, ?> object(String name) {
        Object value = json.get(name);
        assertThat(value).as(action + " has " + name).isInstanceOf(Map.class);
        return (Map<?, ?>) Objects.requireNonNull(value);
    }

    private @Nullable String text(String name) {
        Object value = json.get(name);
        return value == null ? null : value.toString();
    }
}
