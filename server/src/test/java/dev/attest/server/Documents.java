package dev.attest.server;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.FieldRule;
import dev.attest.core.event.ActorType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Request documents for the HTTP tests. */
final class Documents {
    private Documents() {}

    /** A valid event of {@code spec}'s action, carrying exactly its required payload fields. */
    static Map<String, Object> valid(ActionSpec spec) {
        var event = new LinkedHashMap<String, Object>();
        event.put("action", spec.action());
        ActorType actor = spec.actorTypes().isEmpty()
                ? ActorType.MEMBER
                : spec.actorTypes().stream().sorted().findFirst().orElseThrow();
        event.put(
                "actor",
                actor.requiresId() ? Map.of("type", actor.wire(), "id", "usr_1") : Map.of("type", actor.wire()));
        event.put("target", Map.of("type", spec.targetType(), "id", "t_1", "name", "Target"));
        spec.fixedOutcome().ifPresent(o -> event.put("outcome", o.wire()));
        var payload = new LinkedHashMap<String, Object>();
        spec.payload().forEach((field, rule) -> payload.put(field, sample(rule)));
        event.put("payload", payload);
        return event;
    }

    static Object sample(FieldRule rule) {
        return switch (rule) {
            case FieldRule.Text t -> "value";
            case FieldRule.Email e -> "grace@acme.test";
            case FieldRule.OneOf o -> o.values().stream().sorted().findFirst().orElseThrow();
            case FieldRule.Count c -> 2;
            case FieldRule.Flag f -> true;
            case FieldRule.Changes c -> Map.of("workspaces", Map.of("added", java.util.List.of("staging")));
            case FieldRule.Scalar s -> "on";
        };
    }

    static String json(Object document) {
        return Json.MAPPER.writeValueAsString(document);
    }

    /** A valid user.roleChange with the given id. */
    static String roleChange(String id) {
        return json(Map.of(
                "id", id,
                "action", "user.roleChange",
                "occurred_at", "2026-11-01T10:15:02.120Z",
                "actor",
                        Map.of(
                                "type",
                                "member",
                                "id",
                                "usr_9",
                                "name",
                                "Ada Lovelace",
                                "email",
                                "ada@acme.test",
                                "role",
                                "owner"),
                "target", Map.of("type", "user", "id", "usr_12", "name", "Grace Hopper"),
                "context", Map.of("ip", "203.0.113.7", "user_agent", "Mozilla/5.0", "request_id", "req_1"),
                "payload", Map.of("from", "member", "to", "admin")));
    }
}
