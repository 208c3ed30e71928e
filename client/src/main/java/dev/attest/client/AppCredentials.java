package dev.attest.client;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A developer app's client credentials (OAuth 2.0 client credentials grant, RFC 6749 §4.4): what
 * {@link AttestClient#builder(URI, String, AppCredentials)} exchanges for short-lived access tokens. Immutable;
 * {@link #toString()} never shows the secret.
 */
public final class AppCredentials {
    private final String clientId;
    private final String clientSecret;
    private final @Nullable URI tokenUri;
    private final @Nullable String scope;

    private AppCredentials(String clientId, String clientSecret, @Nullable URI tokenUri, @Nullable String scope) {
        if (clientId.isBlank() || clientSecret.isBlank()) {
            throw new IllegalArgumentException("an app's client id and client secret must not be blank");
        }
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenUri = tokenUri;
        this.scope = scope;
    }

    /**
     * An app's client id ({@code cli_…}) and secret ({@code acs_…}), as its create or secret reset answered them; tokens
     * are asked for at the server's {@code /oauth/token} with all of the app's scopes unless told otherwise.
     */
    public static AppCredentials of(String clientId, String clientSecret) {
        return new AppCredentials(
                Objects.requireNonNull(clientId, "clientId"),
                Objects.requireNonNull(clientSecret, "clientSecret"),
                null,
                null);
    }

    /** The token endpoint, when it is not {@code /oauth/token} of the client's base URI (e.g. behind a proxy). */
    public AppCredentials withTokenUri(URI value) {
        return new AppCredentials(clientId, clientSecret, Objects.requireNonNull(value, "tokenUri"), scope);
    }

    /**
     * Asks for tokens of these scopes only (RFC 6749 §3.3), e.g. {@code events:write}; each must be one of the app's.
     */
    public AppCredentials withScope(String... scopes) {
        if (scopes.length == 0) {
            throw new IllegalArgumentException("name at least one scope, or do not call withScope");
        }
        return new AppCredentials(clientId, clientSecret, tokenUri, String.join(" ", scopes));
    }

    public String clientId() {
        return clientId;
    }

    String clientSecret() {
        return clientSecret;
    }

    @Nullable
    URI tokenUri() {
        return tokenUri;
    }

    @Nullable
    String scope() {
        return scope;
    }

    @Override
    public String toString() {
        return "AppCredentials[clientId=" + clientId + ", clientSecret=(hidden)]";
    }
}
