package dev.attest.server;

import dev.attest.core.admin.MemberAdministration;
import dev.attest.core.admin.MemberAdministration.MemberChange;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;

/**
 * {@code /v1/organizations/{org}/members}: list the members, change a member's role or disable them (DESIGN.md §7).
 * Thin: {@link Callers} says who asks, {@link MemberAdministration} applies the rules and records the events.
 */
final class MemberRoutes implements HttpService {
    /** A member change is a few fields. */
    private static final long MAX_BODY_BYTES = 4 * 1024;

    private static final String ROLES =
            Arrays.stream(Role.values()).map(Role::wire).collect(Collectors.joining(", "));

    private final Callers callers;
    private final MemberAdministration members;

    MemberRoutes(Callers callers, MemberAdministration members) {
        this.callers = callers;
        this.members = members;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/members", this::list).patch("/{org}/members/{id}", this::change);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private void list(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        List<Map<String, Object>> data =
                members.list(principal).stream().map(MemberRoutes::document).toList();
        EventRoutes.sendJson(response, Map.of("data", data));
    }

    private void change(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        MemberChange change;
        try (JsonParser json = JsonBodies.open(request, MAX_BODY_BYTES)) {
            change = read(JsonBodies.readValue(json));
        }
        Member member =
                members.change(principal, request.path().pathParameters().get("id"), change);
        EventRoutes.sendJson(response, document(member));
    }

    /** Reads {@code {"role": …, "disabled": …}}, naming every broken rule with its pointer. */
    static MemberChange read(@Nullable Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            throw Problem.badRequest(
                    "the body must be a JSON object", List.of(Map.of("pointer", "", "detail", "must be an object")));
        }
        var errors = new ArrayList<Map<String, String>>();
        for (Object field : map.keySet()) {
            if (!field.equals("role") && !field.equals("disabled")) {
                errors.add(Map.of(
                        "pointer", "/" + field, "detail", field + " is not a member field; send role or disabled"));
            }
        }
        Role role = null;
        Object roleValue = map.get("role");
        if (roleValue != null) {
            role = roleValue instanceof String text ? Role.fromWire(text).orElse(null) : null;
            if (role == null) {
                errors.add(Map.of("pointer", "/role", "detail", "role must be one of " + ROLES));
            }
        }
        Object disabledValue = map.get("disabled");
        if (disabledValue != null && !(disabledValue instanceof Boolean)) {
            errors.add(Map.of("pointer", "/disabled", "detail", "disabled must be true or false"));
        }
        if (errors.isEmpty() && roleValue == null && disabledValue == null) {
            errors.add(Map.of("pointer", "", "detail", "send role, disabled or both"));
        }
        if (!errors.isEmpty()) {
            throw Problem.badRequest(
                    errors.size() == 1
                            ? errors.getFirst().getOrDefault("detail", "")
                            : errors.size() + " problems; nothing changed",
                    errors);
        }
        return new MemberChange(role, (Boolean) disabledValue);
    }

    static Map<String, Object> document(Member member) {
        var document = new LinkedHashMap<String, Object>();
        document.put("id", member.id());
        document.put("email", member.email());
        document.put("name", member.name());
        document.put("role", member.role() == null ? "none" : member.role().wire());
        document.put("status", member.disabled() ? "disabled" : "active");
        document.put("created_at", member.createdAt().toString());
        return document;
    }
}
