package dev.attest.server;

import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;

/**
 * The JSON object of a management {@code PATCH} (a few fields, at most 4 KiB), and the rules it breaks: every broken
 * rule is collected with its pointer and all are answered together in one 400, before anything changes.
 */
final class ChangeBody {
    private static final long MAX_BYTES = 4 * 1024;

    private final Map<?, ?> fields;
    private final List<Map<String, String>> errors = new ArrayList<>();

    private ChangeBody(Map<?, ?> fields) {
        this.fields = fields;
    }

    /**
     * Reads the request's body, which must be an object holding only {@code known} fields.
     *
     * @throws Problem 400 when it is not a JSON object; 413 or 415 as {@link JsonBodies#open}
     */
    static ChangeBody read(ServerRequest request, Set<String> known) {
        Object body;
        try (JsonParser json = JsonBodies.open(request, MAX_BYTES)) {
            body = JsonBodies.readValue(json);
        }
        return of(body, known);
    }

    /** {@link #read} of an already parsed body. */
    static ChangeBody of(@Nullable Object body, Set<String> known) {
        if (!(body instanceof Map<?, ?> map)) {
            throw Problem.badRequest(
                    "the body must be a JSON object", List.of(Map.of("pointer", "", "detail", "must be an object")));
        }
        var read = new ChangeBody(map);
        for (Object field : map.keySet()) {
            if (!known.contains(String.valueOf(field))) {
                read.reject(
                        String.valueOf(field),
                        field + " is not a field of this resource; send "
                                + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return read;
    }

    /** The value of {@code field}, or {@code null} when it is absent or JSON {@code null}. */
    @Nullable
    Object get(String field) {
        return fields.get(field);
    }

    /** Whether {@code field} was sent, JSON {@code null} included. */
    boolean has(String field) {
        return fields.containsKey(field);
    }

    /** Records that {@code field} breaks a rule; {@code detail} names the field and the rule. */
    void reject(String field, String detail) {
        errors.add(Map.of("pointer", field.isEmpty() ? "" : "/" + field, "detail", detail));
    }

    /**
     * Returns normally when no rule was broken and at least one field was sent.
     *
     * @throws Problem 400 listing every broken rule
     */
    void requireValid(String fieldsHint) {
        requireValid(fieldsHint, false);
    }

    /**
     * {@link #requireValid(String)} for a resource where a JSON {@code null} is a change (it removes a value).
     *
     * @throws Problem 400 listing every broken rule
     */
    void requireValid(String fieldsHint, boolean nullIsAChange) {
        if (errors.isEmpty()
                && (nullIsAChange ? fields.isEmpty() : fields.values().stream().allMatch(value -> value == null))) {
            reject("", "send " + fieldsHint);
        }
        requireNoProblems();
    }

    /**
     * Returns normally when no rule was broken; an empty object is fine.
     *
     * @throws Problem 400 listing every broken rule
     */
    void requireNoProblems() {
        if (!errors.isEmpty()) {
            throw Problem.badRequest(
                    errors.size() == 1
                            ? errors.getFirst().getOrDefault("detail", "")
                            : errors.size() + " problems; nothing changed",
                    errors);
        }
    }
}
