package dev.attest.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Posts batches of events to {@code /v1/organizations/{org}/events} and retries what may be retried. A batch is
 * all-or-nothing on the server; when it is rejected for some of its events, those fail and the others are sent again.
 * Thread-safe.
 */
final class Transport {
    private final HttpClient http;
    private final URI events;
    private final Authorizer authorizer;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final Clock clock;

    Transport(
            HttpClient http,
            URI events,
            Authorizer authorizer,
            RetryPolicy retry,
            Duration requestTimeout,
            Clock clock) {
        this.http = http;
        this.events = events;
        this.authorizer = authorizer;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** What became of each event of a batch: acknowledged, or failed with its reason. */
    record BatchResult(Map<Event, SendResult> delivered, List<FailedEvent> failed) {}

    /** Delivers {@code batch} (at most 1,000 events), retrying as the policy allows; never throws for an HTTP reason. */
    BatchResult deliver(List<Event> batch) {
        var delivered = new IdentityHashMap<Event, SendResult>();
        var failed = new ArrayList<FailedEvent>();
        List<Event> remaining = new ArrayList<>(batch);
        int attempt = 0;
        boolean refreshed = false;
        while (!remaining.isEmpty()) {
            attempt++;
            String authorization;
            try {
                authorization = authorizer.authorization();
            } catch (TokenException e) {
                if (e.retryable() && pause(attempt, Duration.ZERO)) {
                    continue;
                }
                failAll(remaining, e.status(), e.retryable(), String.valueOf(e.getMessage()), failed);
                break;
            }
            HttpResponse<String> response;
            try {
                response = http.send(
                        request(remaining, authorization), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                String reason = "could not reach the server (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + ") after " + attempt + " attempts";
                if (!pause(attempt, Duration.ZERO)) {
                    failAll(remaining, 0, true, reason, failed);
                    break;
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(remaining, 0, true, "interrupted before the server answered", failed);
                break;
            }
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                acknowledge(remaining, response.body(), delivered, failed);
                break;
            }
            if (status == 408 || status == 429 || status >= 500) {
                Duration retryAfter =
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                if (!pause(attempt, retryAfter)) {
                    failAll(
                            remaining,
                            status,
                            true,
                            detail(response.body()) + " after " + attempt + " attempts",
                            failed);
                    break;
                }
                continue;
            }
            if (status == 401 && !refreshed && authorizer.refused(authorization)) {
                // An app's token that expired or was ended early (its secret reset): one fresh token, one more try.
                refreshed = true;
                continue;
            }
            remaining = reject(remaining, status, response.body(), failed);
        }
        return new BatchResult(delivered, failed);
    }

    private HttpRequest request(List<Event> batch, String authorization) {
        var body = new StringBuilder(batch.size() * 400).append('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(JsonWriter.write(batch.get(i).toJson()));
        }
        body.append(']');
        return HttpRequest.newBuilder(events)
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    /** Sleeps before the next attempt; false when the attempts are used up. */
    private boolean pause(int attempt, Duration retryAfter) {
        if (attempt >= retry.maxAttempts()) {
            return false;
        }
        try {
            Thread.sleep(retry.delay(attempt, retryAfter));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void acknowledge(
            List<Event> batch, String body, Map<Event, SendResult> delivered, List<FailedEvent> failed) {
        List<?> data =
                parse(body) instanceof Map<?, ?> map && map.get("data") instanceof List<?> list ? list : List.of();
        if (data.size() != batch.size()) {
            // Committed, but unreadable: a retry would be acknowledged as duplicates, so say it may be retried.
            failAll(batch, 200, true, "the server's answer did not list every event: " + abbreviate(body), failed);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Map<?, ?> item = (Map<?, ?>) data.get(i);
            Object seq = item.get("seq");
            delivered.put(
                    batch.get(i),
                    new SendResult(
                            String.valueOf(item.get("id")),
                            seq instanceof Number n ? n.longValue() : -1,
                            "created".equals(item.get("status"))));
        }
    }

    /**
     * Handles a 4xx answer: the events that the problem document's pointers name ({@code /3/payload/email}) fail
     * with their details, the others are returned to be sent again; without such pointers the whole batch fails.
     */
    private static List<Event> reject(List<Event> batch, int status, String body, List<FailedEvent> failed) {
        Map<Integer, List<String>> byIndex = new TreeMap<>();
        if (status == 400
                && parse(body) instanceof Map<?, ?> problem
                && problem.get("errors") instanceof List<?> errors) {
            for (Object error : errors) {
                if (error instanceof Map<?, ?> e && e.get("pointer") instanceof String pointer) {
                    Integer index = leadingIndex(pointer);
                    if (index == null || index >= batch.size()) {
                        byIndex.clear();
                        break;
                    }
                    byIndex.computeIfAbsent(index, k -> new ArrayList<>()).add(String.valueOf(e.get("detail")));
                }
            }
        }
        if (byIndex.isEmpty()) {
            failAll(batch, status, false, detail(body), failed);
            return List.of();
        }
        var again = new ArrayList<Event>();
        for (int i = 0; i < batch.size(); i++) {
            List<String> problems = byIndex.get(i);
            if (problems == null) {
                again.add(batch.get(i));
            } else {
                // The server numbers the events of a batch; drop the "[i]." of its messages.
                String reason = String.join("; ", problems).replaceAll("\\[\\d+]\\.", "");
                failed.add(new FailedEvent(batch.get(i), status, false, reason));
            }
        }
        return again;
    }

    private static @Nullable Object parse(String body) {
        try {
            return JsonReader.read(body);
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    private static @Nullable Integer leadingIndex(String pointer) {
        int end = pointer.indexOf('/', 1);
        String first = end < 0 ? pointer.substring(Math.min(1, pointer.length())) : pointer.substring(1, end);
        if (!pointer.startsWith("/") || first.isEmpty() || !first.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return first.length() > 6 ? null : Integer.valueOf(first);
    }

    /** The problem document's detail, or the start of whatever the server sent. */
    static String detail(String body) {
        return parse(body) instanceof Map<?, ?> problem && problem.get("detail") instanceof String d
                ? d
                : abbreviate(body);
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }

    private static void failAll(
            List<Event> batch, int status, boolean retryable, String reason, List<FailedEvent> failed) {
        for (Event event : batch) {
            failed.add(new FailedEvent(event, status, retryable, reason));
        }
    }

    /** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; zero when absent or unreadable. */
    Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        String value = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return Duration.ZERO;
            }
        }
    }
}
