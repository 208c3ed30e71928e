package dev.attest.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A small OpenID Connect provider in the test JVM (OpenID Connect Core 1.0, Discovery 1.0), on 127.0.0.1 and a free
 * port: discovery, JWKS, an authorization endpoint that approves the configured person at once (no login page), and a
 * token endpoint that checks client_secret_basic, the code (single use, bound to its redirect URI) and the PKCE S256
 * verifier (RFC 7636 §4.6), and answers an RS256 ID token signed with its key. What it signs can be spoiled on
 * purpose ({@link Tamper}) to test a relying party's checks. Its "now" is the clock it is given. Thread-safe.
 */
@SuppressForbidden(reason = "com.sun.net.httpserver is the JDK's supported HTTP server (module jdk.httpserver)")
public final class TestOidcProvider implements AutoCloseable {
    /** A way to spoil the next ID tokens, one at a time. */
    public enum Tamper {
        /** A correct token. */
        NONE,
        /** Signed by a key that is not in the provider's JWKS (same key id). */
        FOREIGN_KEY,
        /** {@code aud} is another client. */
        WRONG_AUDIENCE,
        /** {@code iss} is another issuer. */
        WRONG_ISSUER,
        /** Expired an hour ago. */
        EXPIRED,
        /** {@code nonce} is not the one sent. */
        WRONG_NONCE
    }

    private final HttpServer server;
    private final Clock clock;
    private final String clientId;
    private final String clientSecret;
    private final RSAKey key;
    private final RSAKey foreignKey;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile String email = "person@example.test";
    private volatile String name = "A Person";
    private volatile boolean emailVerified = true;
    private volatile Tamper tamper = Tamper.NONE;
    private volatile @Nullable String lastAuthorization;

    private record Grant(
            String redirectUri,
            String challenge,
            @Nullable String nonce,
            String email,
            String name,
            boolean verified) {}

    /** Starts a provider for one client. */
    public TestOidcProvider(String clientId, String clientSecret, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("k1").generate();
            this.foreignKey = new RSAKeyGenerator(2048).keyID("k1").generate();
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA keys are part of every JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", this::jwks);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    /** The issuer: {@code http://127.0.0.1:<port>}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The person the authorization endpoint signs in from now on. */
    public TestOidcProvider signInAs(String email, String name, boolean emailVerified) {
        this.email = email;
        this.name = name;
        this.emailVerified = emailVerified;
        return this;
    }

    /** How the next ID tokens are spoiled. */
    public TestOidcProvider tamper(Tamper tamper) {
        this.tamper = tamper;
        return this;
    }

    /** How many ID tokens the token endpoint issued. */
    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** The query of the last authorization request, or {@code null}. */
    public @Nullable String lastAuthorization() {
        return lastAuthorization;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        var document = new LinkedHashMap<String, Object>();
        document.put("issuer", issuer());
        document.put("authorization_endpoint", issuer() + "/authorize");
        document.put("token_endpoint", issuer() + "/token");
        document.put("jwks_uri", issuer() + "/jwks");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        document.put("scopes_supported", List.of("openid", "email", "profile"));
        json(exchange, 200, JSONObjectUtils.toJSONString(document));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        json(exchange, 200, JSONObjectUtils.toJSONString(new JWKSet(key.toPublicJWK()).toJSONObject()));
    }

    /** Approves at once: a 302 back to the client with a code, or an error for a malformed request. */
    private void authorize(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        lastAuthorization = query;
        Map<String, String> asked = form(query == null ? "" : query);
        String redirect = asked.getOrDefault("redirect_uri", "");
        String state = asked.getOrDefault("state", "");
        if (!clientId.equals(asked.get("client_id")) || redirect.isEmpty()) {
            json(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String error = null;
        if (!"code".equals(asked.get("response_type"))) {
            error = "unsupported_response_type";
        } else if (!"S256".equals(asked.get("code_challenge_method")) || !asked.containsKey("code_challenge")) {
            error = "invalid_request";
        } else if (!asked.getOrDefault("scope", "").contains("openid")) {
            error = "invalid_scope";
        }
        String target;
        if (error != null) {
            target = redirect + "?error=" + error + "&state=" + encode(state);
        } else {
            String code = randomText();
            codes.put(
                    code,
                    new Grant(
                            redirect,
                            asked.getOrDefault("code_challenge", ""),
                            asked.get("nonce"),
                            email,
                            name,
                            emailVerified));
            target = redirect + "?code=" + code + "&state=" + encode(state);
        }
        exchange.getResponseHeaders().add("Location", target);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod())
                || !basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            json(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Map<String, String> asked = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = codes.remove(asked.getOrDefault("code", ""));
        if (!"authorization_code".equals(asked.get("grant_type"))
                || grant == null
                || !grant.redirectUri().equals(asked.get("redirect_uri"))
                || !grant.challenge().equals(s256(asked.getOrDefault("code_verifier", "")))) {
            json(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Tamper spoil = tamper;
        Instant now = clock.instant();
        Instant issued = spoil == Tamper.EXPIRED ? now.minus(Duration.ofHours(2)) : now;
        var claims = new JWTClaimsSet.Builder()
                .issuer(spoil == Tamper.WRONG_ISSUER ? "https://elsewhere.example" : issuer())
                .subject("sub-" + grant.email())
                .audience(spoil == Tamper.WRONG_AUDIENCE ? "another-client" : clientId)
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofMinutes(5))))
                .claim("nonce", spoil == Tamper.WRONG_NONCE ? "not-the-nonce" : grant.nonce())
                .claim("email", grant.email())
                .claim("email_verified", grant.verified())
                .claim("name", grant.name())
                .claim("amr", List.of("pwd"))
                .build();
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        try {
            jwt.sign(new RSASSASigner(spoil == Tamper.FOREIGN_KEY ? foreignKey : key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        tokensIssued.incrementAndGet();
        var answer = new HashMap<String, Object>();
        answer.put("access_token", randomText());
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 300);
        answer.put("id_token", jwt.serialize());
        json(exchange, 200, JSONObjectUtils.toJSONString(answer));
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> form(String text) {
        var fields = new HashMap<String, String>();
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomText() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
