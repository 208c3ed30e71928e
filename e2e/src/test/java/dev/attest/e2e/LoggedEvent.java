package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.attest.core.member.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One event as a person finds it on the log page: its row clicked, its raw JSON read from the drawer. The checks name
 * the five things a security team reads first — actor, target, payload, the address and the browser — and compare
 * whole values, so that {@code "id" : "usr_1"} in the actor cannot pass for the target's. One place for every journey,
 * rather than a copy of {@code containsText} checks in each.
 */
final class LoggedEvent {
    /** How the loopback address reads in {@code context.ip}, whichever family the browser connected with. */
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1", "0:0:0:0:0:0:0:1");

    private final JsonObject event;
    private final String text;

    private LoggedEvent(JsonObject event, String text) {
        this.event = event;
        this.text = text;
    }

    /** The rows of {@code action} on the log page, newest first; never those of an action it is a prefix of. */
    static Locator rows(Page page, String action) {
        return page.locator("tbody#rows tr.row")
                .filter(new Locator.FilterOptions()
                        .setHas(page.locator(
                                "td.action code",
                                new Page.LocatorOptions()
                                        // Playwright hands the pattern to JavaScript, which knows no \Q…\E quoting.
                                        .setHasText(Pattern.compile("^" + action.replace(".", "\\.") + "$")))));
    }

    /**
     * Opens the drawer of the {@code newestFirst}-th row (0 is the newest) whose action is exactly {@code action}, on
     * the log page {@code page} shows, and waits until the drawer shows that very event (a drawer still showing the
     * previous one does not count).
     */
    static LoggedEvent open(Page page, String action, int newestFirst) {
        return open(page, action, rows(page, action).nth(newestFirst));
    }

    /**
     * Opens the drawer of {@code row}, one of {@link #rows} (narrowed, say, to a target's name), and waits until the
     * drawer shows that very event.
     */
    static LoggedEvent open(Page page, String action, Locator row) {
        String href = Objects.requireNonNull(row.getAttribute("data-href"), "a row links to its event");
        String id =
                href.substring(href.indexOf("/events/") + "/events/".length()).replaceFirst("\\?.*$", "");
        row.click();
        Locator json = page.locator("#drawer pre.json");
        assertThat(json).containsText("\"id\" : \"" + id + "\"");
        assertThat(json).containsText("\"action\" : \"" + action + "\"");
        String text = json.innerText();
        return new LoggedEvent(JsonParser.parseString(text).getAsJsonObject(), text);
    }

    /** The user agent of the browser {@code page} runs in, as it sends it with every request. */
    static String userAgentOf(Page page) {
        return (String) page.evaluate("() => navigator.userAgent");
    }

    /** The newest event of {@code action}. */
    static LoggedEvent newest(Page page, String action) {
        return open(page, action, 0);
    }

    /** The event's raw JSON, as the drawer shows it. */
    String text() {
        return text;
    }

    LoggedEvent outcome(String outcome) {
        assertThat(string(event, "outcome")).as("outcome").isEqualTo(outcome);
        return this;
    }

    /** The actor's type and id. */
    LoggedEvent actor(String type, String id) {
        JsonObject actor = event.getAsJsonObject("actor");
        assertThat(string(actor, "type")).as("actor.type of " + text).isEqualTo(type);
        assertThat(string(actor, "id")).as("actor.id of " + text).isEqualTo(id);
        return this;
    }

    /** The actor's type, for actors without an id ({@code unknown}, a signed-out browser). */
    LoggedEvent actorType(String type) {
        assertThat(string(event.getAsJsonObject("actor"), "type"))
                .as("actor.type of " + text)
                .isEqualTo(type);
        return this;
    }

    /** The actor's email, as a security team reads who it was. */
    LoggedEvent actorEmail(String email) {
        assertThat(string(event.getAsJsonObject("actor"), "email"))
                .as("actor.email of " + text)
                .isEqualTo(email);
        return this;
    }

    /** Done by this signed-in member, in the role they have, and it succeeded. */
    LoggedEvent byMember(Member member) {
        actor("member", member.id()).actorEmail(member.email()).outcome("success");
        assertThat(string(event.getAsJsonObject("actor"), "role"))
                .as("actor.role of " + text)
                .isEqualTo(Objects.requireNonNull(member.role()).wire());
        return this;
    }

    /** The target's type and id. */
    LoggedEvent target(String type, String id) {
        JsonObject target = event.getAsJsonObject("target");
        assertThat(target).as("the target of " + text).isNotNull();
        assertThat(string(target, "type")).as("target.type of " + text).isEqualTo(type);
        assertThat(string(target, "id")).as("target.id of " + text).isEqualTo(id);
        return this;
    }

    /**
     * One field of the payload, compared whole: a string, number or boolean, or a list or map of them (compared as JSON,
     * numbers by value, maps in any order).
     */
    LoggedEvent payload(String field, Object value) {
        JsonElement actual = event.getAsJsonObject("payload").get(field);
        assertThat(actual).as("payload." + field + " of " + text).isNotNull();
        assertThat(actual).as("payload." + field + " of " + text).isEqualTo(json(value));
        return this;
    }

    /** {@code value} as JSON: a list or map of plain values becomes an array or object of them. */
    private static JsonElement json(Object value) {
        if (value instanceof Map<?, ?> map) {
            var object = new JsonObject();
            map.forEach((k, v) -> object.add(String.valueOf(k), json(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            var array = new JsonArray();
            list.forEach(item -> array.add(json(item)));
            return array;
        }
        return value instanceof Number n
                ? new JsonPrimitive(n)
                : value instanceof Boolean b ? new JsonPrimitive(b) : new JsonPrimitive(String.valueOf(value));
    }

    /** A list of strings in the payload, in any order (e.g. ids whose order the journey does not decide). */
    LoggedEvent payloadHolds(String field, String... values) {
        JsonElement actual = event.getAsJsonObject("payload").get(field);
        assertThat(actual != null && actual.isJsonArray())
                .as("payload." + field + " of " + text + " is a list")
                .isTrue();
        var items = new ArrayList<String>();
        Objects.requireNonNull(actual).getAsJsonArray().forEach(item -> items.add(item.getAsString()));
        assertThat(items).as("payload." + field + " of " + text).containsExactlyInAnyOrder(values);
        return this;
    }

    /** {@code payload.impersonator}: the super-user who acted as the actor, by id and email. */
    LoggedEvent impersonator(String id, String email) {
        JsonElement impersonator = event.getAsJsonObject("payload").get("impersonator");
        assertThat(impersonator != null && impersonator.isJsonObject())
                .as("payload.impersonator of " + text)
                .isTrue();
        JsonObject who = impersonator.getAsJsonObject();
        assertThat(string(who, "id")).as("payload.impersonator.id of " + text).isEqualTo(id);
        assertThat(string(who, "email"))
                .as("payload.impersonator.email of " + text)
                .isEqualTo(email);
        return this;
    }

    /** A field the payload must not carry. */
    LoggedEvent noPayload(String field) {
        assertThat(event.getAsJsonObject("payload").has(field))
                .as("payload." + field + " in " + text)
                .isFalse();
        return this;
    }

    /** The request's context: from this machine (a loopback address) and from exactly this browser. */
    LoggedEvent from(String userAgent) {
        JsonObject context = event.getAsJsonObject("context");
        assertThat(context).as("the context of " + text).isNotNull();
        assertThat(string(context, "ip")).as("context.ip of " + text).isIn(LOOPBACK);
        assertThat(string(context, "user_agent"))
                .as("context.user_agent of " + text)
                .isEqualTo(userAgent);
        return this;
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value == null || value.isJsonNull() ? "(missing)" : value.getAsString();
    }
}
