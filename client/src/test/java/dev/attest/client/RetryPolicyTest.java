package dev.attest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void delay_growsExponentiallyWithJitter_upToTheCap() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delay(1, Duration.ZERO)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(policy.delay(3, Duration.ZERO)).isBetween(Duration.ZERO, Duration.ofMillis(400));
            assertThat(policy.delay(40, Duration.ZERO)).isBetween(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void delay_neverShorterThanRetryAfter() {
        assertThat(policy.delay(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void policy_withoutAttempts_rejected() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("maxAttempts");
    }

    @Test
    void retryAfter_secondsOrHttpDate_readAsAWait() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
        var transport = new Transport(
                HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:1"),
                Authorizer.apiKey("k"),
                policy,
                Duration.ofSeconds(1),
                clock);
        assertThat(transport.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(transport.retryAfter("Fri, 27 Nov 2026 10:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
        assertThat(transport.retryAfter("Fri, 27 Nov 2026 09:00:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(transport.retryAfter("soon")).isEqualTo(Duration.ZERO);
        assertThat(transport.retryAfter(null)).isEqualTo(Duration.ZERO);
    }
}
