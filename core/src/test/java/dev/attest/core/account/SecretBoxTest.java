package dev.attest.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final SecureRandom random = new SecureRandom();
    private final SecretBox box = new SecretBox(SecretBox.newKey(random));
    private final byte[] plain = "a TOTP key of twenty".getBytes(StandardCharsets.US_ASCII);

    @Test
    void seal_thenOpen_samePurpose_givesThePlainText() throws Exception {
        String sealed = box.seal(plain, "totp-key:usr_1");

        assertThat(sealed).startsWith("v1.").doesNotContain("TOTP");
        assertThat(box.seal(plain, "totp-key:usr_1"))
                .as("a fresh nonce each time")
                .isNotEqualTo(sealed);
        assertThat(box.open(sealed, "totp-key:usr_1")).isEqualTo(plain);
    }

    @Test
    void open_otherPurposeOrKey_refused() {
        String sealed = box.seal(plain, "totp-key:usr_1");

        assertThatThrownBy(() -> box.open(sealed, "totp-key:usr_2"))
                .isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("does not open");
        assertThatThrownBy(() -> new SecretBox(SecretBox.newKey(random)).open(sealed, "totp-key:usr_1"))
                .isInstanceOf(SecretBoxException.class);
    }

    @Test
    void open_anyByteFlipped_refused() {
        String sealed = box.seal(plain, "p");
        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(3));
        for (int i = 0; i < raw.length; i++) {
            byte[] flipped = raw.clone();
            flipped[i] ^= 0x01;
            String altered = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
            assertThatThrownBy(() -> box.open(altered, "p")).isInstanceOf(SecretBoxException.class);
        }
    }

    @Test
    void open_malformed_namesTheProblem() {
        assertThatThrownBy(() -> box.open("v2.abc", "p")).hasMessageContaining("prefix v1.");
        assertThatThrownBy(() -> box.open("v1.***", "p")).hasMessageContaining("Base64url");
        assertThatThrownBy(() -> box.open("v1.AAAA", "p")).hasMessageContaining("too short");
    }

    @Test
    void newBox_wrongKeyLength_refused() {
        assertThatThrownBy(() -> new SecretBox(new byte[16])).hasMessageContaining("32 bytes");
        assertThat(box.toString()).doesNotContain("key=");
    }
}
