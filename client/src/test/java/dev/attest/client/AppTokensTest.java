package dev.attest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.testing.SteppingClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token cache of an app client: when it reuses a token, when it fetches one, and what it says when it cannot. */
class AppTokensTest {
    private final SteppingClock clock = new SteppingClock();
    private final List<String> fetched = new ArrayList<>();
    private Duration lifetime = Duration.ofMinutes(15);

    private final AppTokens tokens = new AppTokens(
            now -> {
                String token = "ato_" + (fetched.size() + 1);
                fetched.add(token);
                return new AppTokens.Token(token, now.plus(lifetime));
            },
            clock);

    @Test
    void token_reusedUntilShortlyBeforeExpiry_thenFetchedAnew() throws TokenException {
        assertThat(tokens.token()).isEqualTo("ato_1");
        clock.advance(Duration.ofSeconds(860));
        assertThat(tokens.token()).isEqualTo("ato_1");
        assertThat(fetched).hasSize(1);

        // Within the margin of its expiry, a token is not sent any more: it could expire on its way.
        clock.advance(AppTokens.MARGIN.minusSeconds(10).plusSeconds(5));
        assertThat(tokens.token()).isEqualTo("ato_2");
        assertThat(tokens.authorization()).isEqualTo("Bearer ato_2");
        assertThat(fetched).hasSize(2);
    }

    @Test
    void token_shortLived_replacedHalfwayThroughItsLifetime() throws TokenException {
        lifetime = Duration.ofSeconds(20);
        assertThat(tokens.token()).isEqualTo("ato_1");
        clock.advance(Duration.ofSeconds(8));
        assertThat(tokens.token()).isEqualTo("ato_1");
        clock.advance(Duration.ofSeconds(3));
        assertThat(tokens.token()).isEqualTo("ato_2");
    }

    @Test
    void refused_forgetsTheRefusedTokenOnly_andAsksForARetry() throws TokenException {
        String first = tokens.authorization();
        assertThat(tokens.refused(first)).isTrue();
        String second = tokens.authorization();
        assertThat(second).isEqualTo("Bearer ato_2");

        // A sender still holding the first token is refused late: the second one stays.
        assertThat(tokens.refused(first)).isTrue();
        assertThat(tokens.authorization()).isEqualTo(second);
        assertThat(fetched).hasSize(2);
    }

    @Test
    void read_invalidClient_notRetryable_saysTheSecretWasResetOrTheAppDeleted() {
        assertThatThrownBy(() -> AppTokens.read(
                        401,
                        "{\"error\": \"invalid_client\", \"error_description\": \"the client id or secret is not valid\"}",
                        "cli_01",
                        clock.instant()))
                .isInstanceOfSatisfying(TokenException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage())
                            .contains("invalid_client", "cli_01", "secret was reset", "the client id or secret");
                });
    }

    @Test
    void read_unavailable_retryable() {
        assertThatThrownBy(() -> AppTokens.read(503, "busy", "cli_01", clock.instant()))
                .isInstanceOfSatisfying(TokenException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void read_answer_expiresAfterExpiresIn() throws TokenException {
        java.time.Instant now = clock.instant();
        AppTokens.Token token = AppTokens.read(
                200,
                "{\"access_token\": \"ato_x\", \"token_type\": \"Bearer\", \"expires_in\": 900, \"scope\": \"admin\"}",
                "cli_01",
                now);
        assertThat(token.value()).isEqualTo("ato_x");
        assertThat(token.expiresAt()).isEqualTo(now.plusSeconds(900));
        assertThat(token.toString()).doesNotContain("ato_x");
    }

    @Test
    void read_answerWithoutExpiry_refused() {
        assertThatThrownBy(() -> AppTokens.read(
                        200, "{\"access_token\": \"ato_x\", \"token_type\": \"Bearer\"}", "cli_01", clock.instant()))
                .isInstanceOf(TokenException.class)
                .hasMessageContaining("expires_in")
                .hasMessageNotContaining("ato_x");
    }

    @Test
    void credentials_neverShowTheSecret() {
        AppCredentials app = AppCredentials.of("cli_01", "acs_secret");
        assertThat(app.toString()).contains("cli_01").doesNotContain("acs_secret");
        assertThat(tokens.toString()).doesNotContain("ato_");
        assertThatThrownBy(() -> AppCredentials.of("cli_01", " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
