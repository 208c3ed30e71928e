package dev.attest.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForeignActionsTest {
    @Test
    void toAttest_snakeAndKebabSegments_camelCased() {
        assertThat(ForeignActions.toAttest("user.signed_in", "workos")).hasValue("user.signedIn");
        assertThat(ForeignActions.toAttest("Document-Viewed", "retraced")).hasValue("retraced.documentViewed");
        assertThat(ForeignActions.toAttest("team.member-role_updated", "workos"))
                .hasValue("team.memberRoleUpdated");
    }

    @Test
    void toAttest_attestForm_keptAsIs() {
        assertThat(ForeignActions.toAttest("user.roleChange", "workos")).hasValue("user.roleChange");
    }

    @Test
    void toAttest_nothingUsable_empty() {
        assertThat(ForeignActions.toAttest("...", "workos")).isEmpty();
        assertThat(ForeignActions.toAttest("123", "workos")).isEmpty();
    }

    @Test
    void targetType_lowerCasedAndCleaned() {
        assertThat(ForeignActions.targetType("Document")).hasValue("document");
        assertThat(ForeignActions.targetType("Team Space")).hasValue("team_space");
        assertThat(ForeignActions.targetType("9lives")).isEmpty();
    }
}
