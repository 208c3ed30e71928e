package dev.attest.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An app's access token, cached: fetched with the client credentials grant (RFC 6749 §4.4) when first needed, used
 * until {@link #MARGIN} before it expires (or half its lifetime before, for very short ones), then fetched again. A token
 * the server refuses (its app's secret was reset, the server forgot it) is forgotten, so that the next request fetches
 * a new one. One fetch at a time: concurrent senders wait for it and share its token. Neither the secret nor a token is
 * ever logged or put in a message. Thread-safe.
 */
final class AppTokens implements Authorizer {
    /** How long before its expiry a token is replaced, so that none expires on its way to the server. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    /** A token and when it stops working. */
    record Token(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[(hidden), expiresAt=" + expiresAt + "]";
        }
    }

    /** Where tokens come from: the token endpoint, or a test's stand-in. */
    interface Endpoint {
        /**
         * A new token.
         *
         * @param now when it is asked for, the start of its lifetime
         */
        Token fetch(Instant now) throws TokenException;
    }

    private final Endpoint endpoint;
    private final Clock clock;
    private @Nullable Token current;
    private @Nullable Instant replaceAt;

    AppTokens(Endpoint endpoint, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** The current token, fetched anew when there is none or it is about to expire. */
    synchronized String token() throws TokenException {
        Instant now = clock.instant();
        Token token = current;
        Instant until = replaceAt;
        if (token == null || until == null || !now.isBefore(until)) {
            token = endpoint.fetch(now);
            Duration lifetime = Duration.between(now, token.expiresAt());
            Duration margin = lifetime.dividedBy(2).compareTo(MARGIN) < 0 ? lifetime.dividedBy(2) : MARGIN;
            current = token;
            replaceAt = token.expiresAt().minus(margin);
        }
        return token.value();
    }

    @Override
    public String authorization() throws TokenException {
        return "Bearer " + token();
    }

    @Override
    public synchronized boolean refused(String used) {
        // Another sender may have replaced it already; only the refused token is forgotten.
        Token token = current;
        if (token != null && used.equals("Bearer " + token.value())) {
            current = null;
            replaceAt = null;
        }
        return true;
    }

    @Override
    public String toString() {
        return "AppTokens[(hidden)]";
    }

    /** The token endpoint of RFC 6749 §4.4.2, authenticating with HTTP Basic ({@code client_secret_basic}, §2.3.1). */
    static Endpoint endpoint(HttpClient http, URI tokenUri, AppCredentials app, Duration requestTimeout) {
        // §2.3.1: the id and the secret are form-urlencoded before they are joined.
        String basic = Base64.getEncoder()
                .encodeToString(
                        (form(app.clientId()) + ":" + form(app.clientSecret())).getBytes(StandardCharsets.UTF_8));
        String scope = app.scope();
        String body = "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + form(scope));
        return now -> {
            HttpResponse<String> response;
            try {
                response = http.send(
                        HttpRequest.newBuilder(tokenUri)
                                .timeout(requestTimeout)
                                .header("Authorization", "Basic " + basic)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Accept", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new TokenException(
                        0,
                        true,
                        "could not reach the token endpoint " + tokenUri + " ("
                                + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenException(0, false, "interrupted while asking " + tokenUri + " for a token");
            }
            return read(response.statusCode(), response.body(), app.clientId(), now);
        };
    }

    /** An RFC 6749 §5.1 answer as a token, or its §5.2 error as an exception that says what to do. */
    static Token read(int status, String body, String clientId, Instant now) throws TokenException {
        Object parsed;
        try {
            parsed = JsonReader.read(body);
        } catch (IllegalArgumentException notJson) {
            parsed = null;
        }
        Map<?, ?> json = parsed instanceof Map<?, ?> map ? map : Map.of();
        if (status == 200
                && json.get("access_token") instanceof String token
                && !token.isEmpty()
                && json.get("expires_in") instanceof Number seconds
                && seconds.longValue() > 0
                && "bearer".equalsIgnoreCase(String.valueOf(json.get("token_type")))) {
            return new Token(token, now.plusSeconds(seconds.longValue()));
        }
        if (status == 200) {
            throw new TokenException(
                    200, false, "the token endpoint's answer lacks a Bearer access_token with a positive expires_in");
        }
        boolean retryable = status == 408 || status == 429 || status >= 500;
        String error = json.get("error") instanceof String e ? e : "HTTP " + status;
        String description = json.get("error_description") instanceof String d ? " (" + d + ")" : "";
        String advice = error.equals("invalid_client")
                ? ": app " + clientId + " was deleted or its secret was reset; build the client with its current"
                        + " secret"
                : "";
        throw new TokenException(
                status, retryable, "the token endpoint refused app " + clientId + ": " + error + description + advice);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
