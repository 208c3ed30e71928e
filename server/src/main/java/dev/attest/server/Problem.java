package dev.attest.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem document, thrown by handlers and written by {@link ProblemMapper}. Its {@code code} is stable
 * and machine-readable (the {@code type} member is {@code urn:attest:problem:<code>}); {@code errors} has one entry
 * per broken rule: {@code pointer} (RFC 6901, into the body) or {@code parameter} (a query parameter), and
 * {@code detail}.
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String detail;
    private final int status;
    private final String code;
    private final String title;
    private final transient List<Map<String, String>> errors;
    private final transient Map<String, String> headers;
    private final @Nullable String scope;

    public Problem(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), Map.of());
    }

    public Problem(
            int status,
            String code,
            String title,
            String detail,
            List<Map<String, String>> errors,
            Map<String, String> headers) {
        super(detail);
        this.detail = detail;
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
        this.scope = null;
    }

    private Problem(String scope, String detail) {
        super(detail);
        this.detail = detail;
        this.status = 403;
        this.code = "missing-scope";
        this.title = "Not allowed";
        this.errors = List.of();
        this.headers = Map.of();
        this.scope = scope;
    }

    /**
     * 403 for a machine credential that lacks {@code scope}: the document names it in {@code scope} (the member
     * OAuth 2.0 bearer errors use, RFC 6750 §3) and in {@code detail}.
     */
    public static Problem missingScope(String scope, String detail) {
        return new Problem(scope, detail);
    }

    public static Problem badRequest(String detail, List<Map<String, String>> errors) {
        return new Problem(400, "invalid-request", "The request breaks a rule", detail, errors, Map.of());
    }

    /** A problem naming one query parameter and the rule it breaks. */
    public static Problem badParameter(String parameter, String detail) {
        return badRequest(parameter + " " + detail, List.of(parameterError(parameter, detail)));
    }

    /** One entry of {@code errors}: the query parameter and the rule it breaks, e.g. "limit must be …". */
    public static Map<String, String> parameterError(String parameter, String rule) {
        return Map.of("parameter", parameter, "detail", parameter + " " + rule);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail);
    }

    public int status() {
        return status;
    }

    /** The stable code: the last part of {@code type}, e.g. {@code invalid-json}. */
    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body. */
    public Map<String, Object> body(@Nullable String instance, @Nullable String requestId) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "urn:attest:problem:" + code);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (scope != null) {
            body.put("scope", scope);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        return body;
    }
}
