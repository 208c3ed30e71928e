package dev.attest.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    /** RFC 6238 Appendix B's SHA-1 seed: the ASCII of "12345678901234567890". */
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void code_rfc6238AppendixBVectors_match(long seconds, String expected) {
        long step = Totp.step(Instant.ofEpochSecond(seconds));

        assertThat(Totp.code(RFC_KEY, step, 8)).isEqualTo(expected);
        // Six digits are the last six of the same number (RFC 4226 §5.3).
        assertThat(Totp.code(RFC_KEY, step, 6)).isEqualTo(expected.substring(2));
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32_rfc4648Vectors_unpadded(String input, String expected) {
        assertThat(Totp.base32(input.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
        assertThat(Totp.fromBase32(expected)).isEqualTo(input.getBytes(StandardCharsets.US_ASCII));
        assertThat(Totp.fromBase32(expected.toLowerCase(java.util.Locale.ROOT) + "=="))
                .isEqualTo(input.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void fromBase32_outsideTheAlphabet_refused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Totp.fromBase32("MZXW1"))
                .hasMessageContaining("not a Base32 letter: 1");
    }

    @Test
    void match_withinOneStep_acceptsAndNamesTheStep() {
        Instant now = Instant.ofEpochSecond(1_111_111_111);
        long step = Totp.step(now);

        assertThat(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step, 6), now, -1)).hasValue(step);
        assertThat(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step - 1, 6), now, -1))
                .hasValue(step - 1);
        assertThat(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step + 1, 6), now, -1))
                .hasValue(step + 1);
        assertThat(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step - 2, 6), now, -1))
                .isEmpty();
        assertThat(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step + 2, 6), now, -1))
                .isEmpty();
    }

    @Test
    void match_stepAlreadyUsed_refusesTheReplay() {
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        long step = Totp.step(now);
        String code = Totp.code(RFC_KEY, step, 6);

        assertThat(Totp.match(RFC_KEY, code, now, step)).isEmpty();
        assertThat(Totp.match(RFC_KEY, code, now.plusSeconds(20), step)).isEmpty();
        assertThat(Totp.match(RFC_KEY, code, now, step - 1)).hasValue(step);
    }

    @Test
    void match_malformedOrOtherKey_refused() {
        Instant now = Instant.ofEpochSecond(59);
        String code = Totp.code(RFC_KEY, Totp.step(now), 6);
        byte[] other = "another key, 20 byte".getBytes(StandardCharsets.US_ASCII);
        String otherCode = Totp.code(other, Totp.step(now), 6);

        assertThat(Totp.match(RFC_KEY, code.substring(0, 3) + " " + code.substring(3), now, -1))
                .isPresent();
        assertThat(otherCode).isNotEqualTo(code);
        assertThat(Totp.match(RFC_KEY, otherCode, now, -1))
                .as("another key's code")
                .isEmpty();
        assertThat(Totp.match(RFC_KEY, "", now, -1)).isEmpty();
        assertThat(Totp.match(RFC_KEY, "12345a", now, -1)).isEmpty();
        assertThat(Totp.match(RFC_KEY, "1234567", now, -1)).isEmpty();
        assertThat(Totp.match(RFC_KEY, "١٢٣٤٥٦", now, -1))
                .as("non-ASCII digits")
                .isEmpty();
    }

    @Test
    void uri_keyUriFormat() {
        String uri = Totp.uri("Attest Acme", "ada@acme.test", "foobar".getBytes(StandardCharsets.US_ASCII));

        assertThat(uri)
                .isEqualTo("otpauth://totp/Attest%20Acme:ada%40acme.test?secret=MZXW6YTBOI&issuer=Attest%20Acme"
                        + "&algorithm=SHA1&digits=6&period=30");
    }
}
