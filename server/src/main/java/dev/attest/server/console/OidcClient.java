package dev.attest.server.console;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Attest as an OpenID Connect relying party (OpenID Connect Core 1.0), with the nimbus SDK: the provider's discovery
 * document, the authorization request (code flow, PKCE S256 per RFC 7636, state and nonce), the token request
 * (client_secret_basic), and the ID token's checks (Core §3.1.3.7) against the injected {@link Clock}. Each failure
 * is an {@link OidcException} naming the rule, whose {@code reason} goes into {@code auth.login.failure}. Stateless
 * and thread-safe: discovery and keys are fetched for each sign-in, so a provider's key rotation needs nothing here.
 */
final class OidcClient {
    /** Tolerated difference between the provider's clock and ours for {@code exp} and {@code iat}. */
    static final Duration SKEW = Duration.ofSeconds(60);

    private static final int TIMEOUT_MS = 5_000;
    private static final int MAX_BYTES = 512 * 1024;
    // Asymmetric only: a symmetric (HS*) token would be signed with the client secret, which is not a key Attest
    // should verify tokens with (Core §10.1); every provider supports RS256.
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384);

    private final Clock clock;

    OidcClient(Clock clock) {
        this.clock = clock;
    }

    /** A sign-in refused at some step; {@code reason} is the {@code auth.login.failure} reason. */
    static final class OidcException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String reason;

        OidcException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        OidcException(String reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /** What a valid ID token said of the person. */
    record Identity(
            String subject,
            String email,
            @Nullable String name,
            @Nullable List<String> amr) {}

    /**
     * The provider's discovery document ({@code issuer + /.well-known/openid-configuration}), whose {@code issuer}
     * must be the one asked for (OpenID Connect Discovery 1.0 §4.3; nimbus checks it).
     */
    OIDCProviderMetadata discover(String issuer) throws OidcException {
        try {
            return OIDCProviderMetadata.resolve(new Issuer(issuer), TIMEOUT_MS, TIMEOUT_MS);
        } catch (GeneralException | IOException | RuntimeException e) {
            throw new OidcException(
                    "sso_provider_unavailable", "the provider's discovery document was not read: " + e.getMessage(), e);
        }
    }

    /** Where to send the browser: the authorization endpoint with the request as query parameters. */
    static URI authorizationUri(
            OIDCProviderMetadata provider,
            String clientId,
            URI redirectUri,
            String state,
            String nonce,
            String codeVerifier,
            String email) {
        return new AuthenticationRequest.Builder(
                        new ResponseType(ResponseType.Value.CODE),
                        new Scope("openid", "email", "profile"),
                        new ClientID(clientId),
                        redirectUri)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(codeVerifier), CodeChallengeMethod.S256)
                .loginHint(email)
                .build()
                .toURI();
    }

    /** Exchanges the code at the token endpoint (client_secret_basic, with the PKCE verifier) for an ID token. */
    JWT exchange(
            OIDCProviderMetadata provider,
            String clientId,
            String clientSecret,
            String code,
            URI redirectUri,
            String codeVerifier)
            throws OidcException {
        URI endpoint = provider.getTokenEndpointURI();
        if (endpoint == null) {
            throw new OidcException("sso_provider_unavailable", "the provider names no token endpoint");
        }
        HTTPRequest http = new TokenRequest.Builder(
                        endpoint,
                        new ClientSecretBasic(new ClientID(clientId), new Secret(clientSecret)),
                        new AuthorizationCodeGrant(
                                new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier)))
                .build()
                .toHTTPRequest();
        http.setConnectTimeout(TIMEOUT_MS);
        http.setReadTimeout(TIMEOUT_MS);
        TokenResponse answer;
        try {
            answer = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException | ParseException e) {
            throw new OidcException(
                    "sso_token_request_failed", "the token endpoint did not answer usably: " + e.getMessage(), e);
        }
        if (!answer.indicatesSuccess()) {
            var error = answer.toErrorResponse().getErrorObject();
            throw new OidcException(
                    "sso_token_request_failed",
                    "the token endpoint refused the code: " + error.getCode()
                            + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")"));
        }
        if (!(answer.toSuccessResponse() instanceof OIDCTokenResponse oidc)
                || oidc.getOIDCTokens().getIDToken() == null) {
            throw new OidcException("sso_token_request_failed", "the token endpoint answered no id_token");
        }
        return oidc.getOIDCTokens().getIDToken();
    }

    /**
     * Checks the ID token as OpenID Connect Core §3.1.3.7 says: signed (never unsigned, never HMAC) by a key of the
     * provider's JWKS; {@code iss} is the configured issuer; {@code aud} holds the client id, and {@code azp} is it
     * when there are several audiences; {@code exp} is in the future and {@code iat} not, within {@link #SKEW} of the
     * injected clock; {@code nonce} is the one sent; and the email is present and {@code email_verified} is true.
     */
    Identity validate(OIDCProviderMetadata provider, JWT idToken, String issuer, String clientId, String nonce)
            throws OidcException {
        if (!(idToken instanceof SignedJWT signed)) {
            throw new OidcException("sso_invalid_signature", "the ID token is not signed");
        }
        JWTClaimsSet claims;
        try {
            URI jwksUri = provider.getJWKSetURI();
            if (jwksUri == null) {
                throw new OidcException("sso_provider_unavailable", "the provider names no jwks_uri");
            }
            JWKSet keys = JWKSet.parse(new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, MAX_BYTES)
                    .retrieveResource(jwksUri.toURL())
                    .getContent());
            var processor = new DefaultJWTProcessor<SecurityContext>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys)));
            // The claims are checked below, against the injected clock and with a reason for each.
            processor.setJWTClaimsSetVerifier(null);
            claims = processor.process(signed, null);
        } catch (IOException | java.text.ParseException e) {
            throw new OidcException(
                    "sso_provider_unavailable", "the provider's keys were not read: " + e.getMessage(), e);
        } catch (BadJOSEException | JOSEException e) {
            throw new OidcException(
                    "sso_invalid_signature",
                    "the ID token's signature does not verify with the provider's keys: " + e.getMessage(),
                    e);
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new OidcException(
                    "sso_wrong_issuer", "the ID token's iss is " + claims.getIssuer() + ", expected " + issuer);
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(clientId)) {
            throw new OidcException(
                    "sso_wrong_audience", "the ID token's aud is " + audience + ", which lacks the client " + clientId);
        }
        Object azp = claims.getClaim("azp");
        if (audience.size() > 1 && !clientId.equals(azp)) {
            throw new OidcException(
                    "sso_wrong_audience",
                    "the ID token has several audiences and its azp is " + azp + ", not " + clientId);
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        Date issued = claims.getIssueTime();
        if (expires == null || !expires.toInstant().plus(SKEW).isAfter(now)) {
            throw new OidcException(
                    "sso_token_expired", "the ID token expired at " + instant(expires) + "; now is " + now);
        }
        if (issued == null || issued.toInstant().minus(SKEW).isAfter(now)) {
            throw new OidcException(
                    "sso_token_expired", "the ID token's iat " + instant(issued) + " is missing or in the future");
        }
        Object tokenNonce = claims.getClaim("nonce");
        if (!nonce.equals(tokenNonce)) {
            throw new OidcException("sso_nonce_mismatch", "the ID token's nonce is not the one this sign-in sent");
        }
        String subject = claims.getSubject();
        Object email = claims.getClaim("email");
        if (subject == null || !(email instanceof String address) || !address.contains("@")) {
            throw new OidcException(
                    "sso_email_missing", "the ID token carries no email: ask the provider for the email scope");
        }
        Object verified = claims.getClaim("email_verified");
        if (!Boolean.TRUE.equals(verified) && !"true".equals(verified)) {
            throw new OidcException(
                    "sso_email_unverified",
                    "the provider does not vouch for " + address + " (email_verified is not true)");
        }
        Object name = claims.getClaim("name");
        List<String> amr;
        try {
            amr = claims.getStringListClaim("amr");
        } catch (java.text.ParseException e) {
            amr = null;
        }
        return new Identity(
                subject, address.strip().toLowerCase(Locale.ROOT), name instanceof String text ? text : null, amr);
    }

    private static String instant(@Nullable Date date) {
        return date == null ? "(none)" : date.toInstant().toString();
    }
}
