package dev.attest.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private final PasswordPolicy policy = PasswordPolicy.standard();

    @Test
    void problem_longUncommonPassword_isNone() {
        assertThat(policy.problem("correct horse battery staple", "ada@acme.test"))
                .isEmpty();
        assertThat(policy.problem("x7#Lq9!vR2mZ", "ada@acme.test")).isEmpty();
    }

    @Test
    void problem_shortOrHuge_namesTheLength() {
        assertThat(policy.problem("eleven char", "ada@acme.test")).contains("must have at least 12 characters");
        assertThat(policy.problem("a".repeat(12) + "b".repeat(250), "ada@acme.test"))
                .contains("must have at most 256 characters");
    }

    @Test
    void problem_commonPasswordInAnyCaseOrWithDigitsAndPunctuation_isRefused() {
        for (String common :
                new String[] {"qwertyuiop123", "PASSWORD1234", "Password2024!", "iloveyou!!!!!!", "123456789012"}) {
            assertThat(policy.problem(common, "ada@acme.test"))
                    .as(common)
                    .hasValueSatisfying(rule -> assertThat(rule).contains("most common"));
        }
    }

    @Test
    void problem_containingTheEmailOrItsName_isRefused() {
        assertThat(policy.problem("Ada@Acme.test-forever", "ada@acme.test"))
                .contains("must not contain your email address");
        assertThat(policy.problem("lovelace and babbage", "lovelace@acme.test"))
                .contains("must not contain your email address");
        // A local part shorter than 4 characters is too common a string to refuse.
        assertThat(policy.problem("ada was the first programmer", "ada@acme.test"))
                .isEmpty();
    }
}
