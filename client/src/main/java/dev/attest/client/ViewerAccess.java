package dev.attest.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Asks the server for portal links and viewer tokens ({@code POST /v1/organizations/{org}/portal-links},
 * {@code …/viewer-tokens}) with the client's credential — the organization's key or the app's access token — which
 * needs the {@code portal} scope. Not retried: each call issues a new secret. Thread-safe.
 */
final class ViewerAccess {
    private final HttpClient http;
    private final String organizationUri;
    private final Authorizer authorizer;
    private final Duration timeout;

    ViewerAccess(HttpClient http, URI baseUri, String organizationId, Authorizer authorizer, Duration timeout) {
        this.http = http;
        this.organizationUri = baseUri.toString().replaceAll("/+$", "") + "/v1/organizations/" + organizationId;
        this.authorizer = authorizer;
        this.timeout = timeout;
    }

    PortalLink portalLink(ViewerRequest request) throws ViewerAccessException {
        // A link's lifetime is fixed (5 minutes); a token's expires_in does not apply to it.
        var body = new java.util.LinkedHashMap<String, Object>(request.body());
        body.remove("expires_in");
        Map<?, ?> answer = post("/portal-links", body);
        return new PortalLink(
                text(answer, "id"), URI.create(text(answer, "link")), Instant.parse(text(answer, "expires_at")));
    }

    ViewerToken viewerToken(ViewerRequest request) throws ViewerAccessException {
        Map<?, ?> answer = post("/viewer-tokens", request.body());
        return new ViewerToken(text(answer, "id"), text(answer, "token"), Instant.parse(text(answer, "expires_at")));
    }

    private Map<?, ?> post(String route, Map<String, Object> body) throws ViewerAccessException {
        String authorization;
        try {
            authorization = authorizer.authorization();
        } catch (TokenException e) {
            throw new ViewerAccessException(
                    e.status(), java.util.Objects.requireNonNullElse(e.getMessage(), "no access token"));
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(organizationUri + route))
                            .timeout(timeout)
                            .header("Authorization", authorization)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JsonWriter.write(body), StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ViewerAccessException("could not reach the server: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ViewerAccessException("interrupted while asking the server", e);
        }
        Object read;
        try {
            read = JsonReader.read(response.body());
        } catch (RuntimeException e) {
            read = null;
        }
        if (response.statusCode() != 201 || !(read instanceof Map<?, ?> answer)) {
            String detail = read instanceof Map<?, ?> problem && problem.get("detail") instanceof String text
                    ? text
                    : "HTTP " + response.statusCode();
            throw new ViewerAccessException(response.statusCode(), detail);
        }
        return answer;
    }

    private static String text(Map<?, ?> answer, String field) throws ViewerAccessException {
        if (answer.get(field) instanceof String text) {
            return text;
        }
        throw new ViewerAccessException(201, "the server's answer has no " + field);
    }
}
