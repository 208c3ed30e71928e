package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A person's browser on the console of a {@link TestServer}, as far as HTTP goes: cookies kept, redirects not
 * followed, forms posted with the headers a browser sends for a form of the console's own origin.
 */
final class ConsoleSession {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final TestServer server;
    private final HttpClient http;
    private final @Nullable String userAgent;

    ConsoleSession(TestServer server) {
        this(server, null);
    }

    /** A browser that names itself {@code userAgent} in every request (else the JDK client's default). */
    ConsoleSession(TestServer server, @Nullable String userAgent) {
        this.server = server;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The origin a browser would send for the console's own pages. */
    String origin() {
        return "http://127.0.0.1:" + server.server.port();
    }

    /** Signs in through the sign-in form and returns the answer to the form. */
    TestServer.Reply signIn(String email, String password, String next) {
        String token = csrfOf(get("/sign-in").raw().body());
        return post("/sign-in", Map.of("csrf", token, "email", email, "password", password, "next", next));
    }

    /** Signs in, expecting it to work, and returns the session's CSRF token (from the page it lands on). */
    String signInAs(String email, String password) {
        TestServer.Reply signedIn = signIn(email, password, "");
        assertThat(signedIn.status()).as(signedIn.raw().body()).isEqualTo(303);
        TestServer.Reply landing = get(signedIn.header("Location"));
        assertThat(landing.status()).as(landing.raw().body()).isEqualTo(200);
        return csrfOf(landing.raw().body());
    }

    static String csrfOf(String html) {
        Matcher token = CSRF.matcher(html);
        assertThat(token.find()).as("a CSRF token in " + html).isTrue();
        return token.group(1);
    }

    TestServer.Reply get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(server.uri(pathAndQuery)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** A form posted from one of the console's own pages. */
    TestServer.Reply post(String path, Map<String, String> form) {
        return post(path, form, "Origin", origin(), "Sec-Fetch-Site", "same-origin");
    }

    /** A form posted with exactly these headers. */
    TestServer.Reply post(String path, Map<String, String> form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    static String encode(Map<String, String> form) {
        return new LinkedHashMap<>(form)
                .entrySet().stream()
                        .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
    }

    TestServer.Reply send(HttpRequest request) {
        HttpRequest sent = userAgent == null
                ? request
                : HttpRequest.newBuilder(request, (name, value) -> true)
                        .setHeader("User-Agent", userAgent)
                        .build();
        try {
            HttpResponse<String> response = http.send(sent, HttpResponse.BodyHandlers.ofString());
            return new TestServer.Reply(response.statusCode(), Json.MAPPER.missingNode(), response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
