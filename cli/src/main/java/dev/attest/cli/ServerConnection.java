package dev.attest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line's HTTP calls to an Attest server. Whatever goes wrong becomes an {@link IOException} whose message
 * is one line an operator can act on: the URL, and either what kept the call from being answered (refused, timed out,
 * unknown host) or the status with the problem document's title and detail (RFC 9457).
 */
final class ServerConnection {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /** Sends {@code request}; returns the response, its body not yet read, only when its status is 200. */
    HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        String target = request.method() + " " + request.uri();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new IOException(
                    target + ": no connection within " + CONNECT_TIMEOUT.toSeconds() + " s (is the address right?)", e);
        } catch (HttpTimeoutException e) {
            throw new IOException(target + ": no answer in time (" + e.getMessage() + ")", e);
        } catch (ConnectException e) {
            throw new IOException(target + ": connection refused (is the server running at that address?)", e);
        } catch (UnknownHostException e) {
            throw new IOException(target + ": unknown host " + request.uri().getHost(), e);
        } catch (IOException e) {
            throw new IOException(target + ": " + Failures.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(target + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            throw new IOException(target + " answered " + response.statusCode() + problem(body));
        }
        return response;
    }

    /** {@code ": title: detail"} of a problem document, else the start of the body; nothing for an empty one. */
    static String problem(String body) {
        if (body.isBlank()) {
            return "";
        }
        try {
            JsonNode document = JsonMapper.shared().readTree(body);
            if (document.isObject() && document.has("title")) {
                String title = document.get("title").asString();
                JsonNode detail = document.get("detail");
                return ": " + title + (detail == null || detail.isNull() ? "" : ": " + detail.asString());
            }
        } catch (RuntimeException notJson) {
            // Not a problem document: show the text itself.
        }
        String text = body.strip();
        return ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text).replaceAll("\\s+", " ");
    }

    /** Sends {@code request}; returns the body of a 200 response as text. */
    String text(HttpRequest request) throws IOException {
        try (InputStream in = send(request).body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
