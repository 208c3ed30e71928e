package dev.attest.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RetracedHashTest {
    @Test
    void text_everyPart_encodedAndInOrder() {
        Map<String, Object> event = Map.of(
                "action", "a:b",
                "target", Map.of("id", "t"),
                "actor", Map.of("id", "u%"),
                "source_ip", "1.2.3.4",
                "is_failure", true,
                "fields", Map.of("b", "2", "a", "x=y"),
                "metadata", Map.of());
        assertThat(RetracedHash.text("abc", event)).isEqualTo("abc:a%3Ab:t:u%25::1.2.3.4:1:0:a=x%3Dy;b=2;:");
    }

    @Test
    void text_absentFields_colon_emptyFields_nothing() {
        assertThat(RetracedHash.text("i", Map.of("action", "x"))).isEqualTo("i:x:::::0:0::");
        assertThat(RetracedHash.text("i", Map.of("action", "x", "fields", Map.of())))
                .isEqualTo("i:x:::::0:0:");
        assertThat(RetracedHash.text("i", Map.of("action", "x", "external_id", "e:1", "group", Map.of("id", "g"))))
                .isEqualTo("i:x:::g::0:0:::e%3A1");
    }

    @Test
    void of_isLowerHexSha256OfTheText() {
        // SHA-256("i:x:::::0:0::"), computed independently with sha256sum.
        assertThat(RetracedHash.of("i", Map.of("action", "x")))
                .isEqualTo("6a88519710b186262fe26833ab5c0366aac7096569b1259e30038359db533f45");
    }
}
