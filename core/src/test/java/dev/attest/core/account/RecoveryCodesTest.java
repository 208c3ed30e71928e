package dev.attest.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {
    @Test
    void generate_tenDistinctCodes_eachHashable() {
        List<String> codes = RecoveryCodes.generate(new SecureRandom());

        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(codes).allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
        var hashes = new HashSet<String>();
        codes.forEach(c -> hashes.add(RecoveryCodes.hash(c).orElseThrow()));
        assertThat(hashes).hasSize(10).allMatch(h -> h.length() == 64);
    }

    @Test
    void hash_ignoresCaseSpacesAndDash() {
        String code = RecoveryCodes.generate(new SecureRandom()).getFirst();
        String hash = RecoveryCodes.hash(code).orElseThrow();

        assertThat(RecoveryCodes.hash(code.toUpperCase(java.util.Locale.ROOT))).hasValue(hash);
        assertThat(RecoveryCodes.hash(" " + code.replace("-", " ") + " ")).hasValue(hash);
        assertThat(RecoveryCodes.hash(code.replace("-", ""))).hasValue(hash);
    }

    @Test
    void hash_notACode_empty() {
        assertThat(RecoveryCodes.hash("123456")).as("a TOTP code").isEmpty();
        assertThat(RecoveryCodes.hash("abcde-fghi1"))
                .as("1 is not in the alphabet")
                .isEmpty();
        assertThat(RecoveryCodes.hash("")).isEmpty();
    }
}
