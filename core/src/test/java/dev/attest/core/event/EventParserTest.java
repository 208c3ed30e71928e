package dev.attest.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.EventParser.RawEvent;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventParserTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final OrganizationId ORG = new OrganizationId("org_acme");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final EventParser parser = new EventParser(clock, new IdGenerator(clock));

    private static Map<String, Object> roleChange() {
        var event = new LinkedHashMap<String, Object>();
        event.put("id", "evt-1");
        event.put("action", "user.roleChange");
        event.put("occurred_at", "2026-11-27T09:15:02.120Z");
        event.put("actor", Map.of("type", "member", "id", "usr_9", "name", "Ada", "email", "ada@acme.test"));
        event.put("target", Map.of("type", "user", "id", "usr_12", "name", "Grace"));
        event.put("context", Map.of("ip", "203.0.113.7", "user_agent", "Mozilla/5.0", "request_id", "req_1"));
        event.put("payload", Map.of("from", "member", "to", "admin", "n", 3, "big", BigInteger.TEN));
        return event;
    }

    private NewEvent parseOne(Map<String, Object> document) {
        return parser.parse(ORG, List.of(new RawEvent(document, 100)), false).getFirst();
    }

    private List<Violation> violations(Map<String, Object> document) {
        try {
            parseOne(document);
        } catch (InvalidEventException e) {
            return e.violations();
        }
        throw new AssertionError("expected violations");
    }

    @Test
    void parse_completeEvent_keepsEveryField() {
        NewEvent event = parseOne(roleChange());

        assertThat(event.id()).isEqualTo(new EventId("evt-1"));
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-27T09:15:02.120Z"));
        assertThat(event.actor()).isEqualTo(new Actor(ActorType.MEMBER, "usr_9", "Ada", "ada@acme.test", null));
        assertThat(event.target()).isEqualTo(new Target("user", "usr_12", "Grace"));
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.workspace()).isEqualTo("default");
        assertThat(event.context()).isEqualTo(new RequestContext("203.0.113.7", "Mozilla/5.0", "req_1"));
        // Whole numbers become Long, whatever type the JSON reader chose.
        assertThat(event.payload()).containsEntry("n", 3L).containsEntry("big", 10L);
        assertThat(event.category()).isEqualTo("user");
    }

    @Test
    void parse_minimalCustomEvent_fillsDefaults() {
        NewEvent event = parseOne(Map.of("action", "billing.invoicePaid", "actor", Map.of("type", "system")));

        assertThat(event.id().value()).startsWith("evt_");
        assertThat(event.occurredAt()).isEqualTo(NOW);
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.workspace()).isEqualTo("default");
        assertThat(event.target()).isNull();
        assertThat(event.payload()).isEmpty();
    }

    @Test
    void parse_loginFailureWithoutOutcome_defaultsToFailure() {
        NewEvent event = parseOne(Map.of(
                "action", "auth.login.failure",
                "actor", Map.of("type", "unknown"),
                "payload", Map.of("email", "who@acme.test", "reason", "unknown_email")));

        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
    }

    @Test
    void parse_offsetTimestamp_isNormalizedToUtc() {
        var document = roleChange();
        document.put("occurred_at", "2026-11-27T11:15:02.120+02:00");

        assertThat(parseOne(document).occurredAt()).isEqualTo(Instant.parse("2026-11-27T09:15:02.120Z"));
    }

    @Test
    void parse_timestampRules_eachViolationNamed() {
        var nanos = roleChange();
        nanos.put("occurred_at", "2026-11-27T09:15:02.123456789Z");
        var future = roleChange();
        future.put("occurred_at", "2026-11-27T10:05:01Z");
        var nearFuture = roleChange();
        nearFuture.put("occurred_at", "2026-11-27T10:04:59Z");
        var garbage = roleChange();
        garbage.put("occurred_at", "yesterday");

        assertThat(violations(nanos))
                .extracting(Violation::detail)
                .containsExactly("occurred_at has more than microsecond precision");
        assertThat(violations(future))
                .extracting(Violation::detail)
                .containsExactly("occurred_at lies more than 5 minutes in the future");
        assertThat(parseOne(nearFuture).occurredAt()).isEqualTo(Instant.parse("2026-11-27T10:04:59Z"));
        assertThat(violations(garbage)).extracting(Violation::pointer).containsExactly("/occurred_at");
    }

    @Test
    void parse_unknownAndServerFields_areRejectedNotDropped() {
        var document = roleChange();
        document.put("ocurred_at", "2026-11-27T09:00:00Z");
        document.put("seq", 4);
        document.put("actor", Map.of("type", "member", "id", "u", "mail", "a@b.c"));

        assertThat(violations(document))
                .extracting(Violation::pointer, Violation::detail)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "/ocurred_at",
                                "ocurred_at is not a field of an event (allowed: [action, actor, context, id, occurred_at,"
                                        + " organization_id, outcome, payload, target, workspace])"),
                        org.assertj.core.groups.Tuple.tuple(
                                "/seq", "seq is assigned by the server and must not be sent"),
                        org.assertj.core.groups.Tuple.tuple(
                                "/actor/mail",
                                "actor.mail is not a field of actor (allowed: [email, id, name, role, type])"));
    }

    @Test
    void parse_organizationIdOfAnotherOrganization_isRejected() {
        var document = roleChange();
        document.put("organization_id", "org_other");

        assertThat(violations(document))
                .extracting(Violation::detail)
                .containsExactly("organization_id must be org_acme as in the URL, not org_other");
    }

    @Test
    void parse_batch_pointsAtEachElementAndRejectsDuplicateIds() {
        var bad = roleChange();
        bad.put("action", "Not An Action");
        List<RawEvent> batch = List.of(
                new RawEvent(roleChange(), 10),
                new RawEvent(bad, 10),
                new RawEvent(roleChange(), 10),
                new RawEvent("x", 1));

        assertThatThrownBy(() -> parser.parse(ORG, batch, true))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::pointer)
                                .containsExactly("/1/action", "/2/id", "/3"));
    }

    @Test
    void parse_payloadRules_depthNumbersAndNul() {
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> level = deep;
        for (int i = 0; i < 20; i++) {
            Map<String, Object> next = new HashMap<>();
            level.put("d", next);
            level = next;
        }
        var document = roleChange();
        document.put(
                "payload",
                Map.of(
                        "from",
                        "a",
                        "to",
                        "b",
                        "deep",
                        deep,
                        "huge",
                        new BigInteger("9007199254740993"),
                        "nan",
                        Double.NaN,
                        "nul",
                        "a\u0000b"));

        assertThat(violations(document))
                .extracting(Violation::pointer)
                .containsExactlyInAnyOrder(
                        "/payload/deep/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d", "/payload/huge", "/payload/nan", "/payload/nul");
    }

    @Test
    void parse_sizeLimit_isEnforcedOnTheRequestBytes() {
        assertThatThrownBy(() ->
                        parser.parse(ORG, List.of(new RawEvent(roleChange(), Limits.MAX_EVENT_BYTES + 1)), false))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.violations().getFirst().detail())
                                .isEqualTo("event is 32769 bytes; at most 32768 are allowed"));
    }

    @Test
    void parse_tooManyEvents_isRejectedWithoutReadingThem() {
        var events = java.util.Collections.nCopies(Limits.MAX_BATCH + 1, new RawEvent(roleChange(), 10));

        assertThatThrownBy(() -> parser.parse(ORG, events, true))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::detail)
                                .containsExactly("a batch holds at most 1000 events, this one 1001"));
    }

    @Test
    void parse_stringLimits_nameFieldAndLength() {
        var document = roleChange();
        document.put("actor", Map.of("type", "member", "id", "u", "name", "n".repeat(513)));
        document.put("context", Map.of("user_agent", ""));

        assertThat(violations(document))
                .extracting(Violation::detail)
                .containsExactlyInAnyOrder(
                        "actor.name is 513 characters long; at most 512 are allowed",
                        "context.user_agent must not be blank");
    }

    @Test
    void parse_actorTypeRules_perAction() {
        var impersonation = new LinkedHashMap<String, Object>();
        impersonation.put("action", "auth.impersonate");
        impersonation.put("actor", Map.of("type", "member", "id", "usr_1"));
        impersonation.put("target", Map.of("type", "user", "id", "usr_2"));
        impersonation.put("payload", Map.of("email", "grace@acme.test"));
        var anonymousMember = new LinkedHashMap<String, Object>();
        anonymousMember.put("action", "custom.thing");
        anonymousMember.put("actor", Map.of("type", "member"));

        assertThat(violations(impersonation))
                .extracting(Violation::detail)
                .containsExactly("actor.type must be one of [super_user] for auth.impersonate");
        assertThat(violations(anonymousMember)).extracting(Violation::detail).containsExactly("actor.id is required");
    }

    @Test
    void parse_unpairedSurrogateInAnyString_violationWithPointer_likeU0000() {
        var document = roleChange();
        document.put("actor", Map.of("type", "member", "id", "usr_9", "name", "x\ud800y"));
        document.put("target", Map.of("type", "user", "id", "\udc00", "name", "Grace"));
        document.put("context", Map.of("user_agent", "agent\ud83d"));
        var nested = new LinkedHashMap<String, Object>();
        nested.put("list", List.of("fine \ud83d\ude00", "x\udbff"));
        var payload = new LinkedHashMap<String, Object>();
        payload.put("from", "member");
        payload.put("to", "admin");
        payload.put("nested", nested);
        payload.put("k\ud800", 1);
        document.put("payload", payload);

        List<Violation> violations = violations(document);

        assertThat(violations)
                .extracting(Violation::pointer)
                .containsExactlyInAnyOrder(
                        "/actor/name",
                        "/target/id",
                        "/context/user_agent",
                        "/payload/nested/list/1",
                        "/payload/k\ud800");
        assertThat(violations.getFirst().detail())
                .isEqualTo("actor.name must be valid Unicode, but holds an unpaired surrogate \\uD800 at character 1"
                        + " (RFC 8259 §8.2; a character outside the BMP is a pair such as \\uD83D\\uDE00)");
    }

    @Test
    void parse_unpairedSurrogateInABatch_pointerStartsWithTheIndex() {
        var bad = roleChange();
        bad.put("id", "evt-2");
        bad.put("action", "custom.thing\ud800");
        bad.put("payload", Map.of("from", "a", "to", "b\udfff"));

        assertThatThrownBy(
                        () -> parser.parse(ORG, List.of(new RawEvent(roleChange(), 100), new RawEvent(bad, 100)), true))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::pointer)
                                .containsExactlyInAnyOrder("/1/action", "/1/payload/to"));
    }

    @Test
    void requireCanonical_eventNotFromTheParser_withUnpairedSurrogate_namesItsPointer() {
        NewEvent parsed = parseOne(roleChange());
        var poisoned = new NewEvent(
                parsed.id(),
                parsed.action(),
                parsed.occurredAt(),
                parsed.actor(),
                parsed.target(),
                parsed.outcome(),
                parsed.workspace(),
                parsed.context(),
                Map.of("from", "member", "to", "x\ud800"));

        EventParser.requireCanonical(ORG, parsed);
        assertThatThrownBy(() -> EventParser.requireCanonical(ORG, poisoned))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::detail)
                                .containsExactly("event has no RFC 8785 canonical form: unpaired surrogate U+D800 at"
                                        + " index 1 of the string at \"/payload/to\""));
    }
}
