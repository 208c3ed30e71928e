package dev.attest.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.InvalidEventException;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Problems;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private final Catalog catalog = Catalog.standard();

    @Test
    void check_builtInAction_reportsEachBrokenRuleWithItsPointer() {
        var problems = new Problems().at("/2", "[2].");

        catalog.check(
                "auth.login.failure",
                new Catalog.EventShape(ActorType.MEMBER, true, "group", Outcome.SUCCESS, Map.of("reason", 7)),
                problems);

        assertThatThrownBy(problems::throwIfAny)
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.violations())
                                .extracting(v -> v.pointer())
                                .containsExactlyInAnyOrder(
                                        "/2/target/type", "/2/outcome", "/2/payload/reason", "/2/payload/email"));
    }

    @Test
    void check_customAction_hasNoRules() {
        var problems = new Problems();

        catalog.check(
                "billing.invoicePaid", new Catalog.EventShape(ActorType.SYSTEM, false, null, null, Map.of()), problems);

        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void defaultOutcome_isTheActionsFixedOutcomeElseSuccess() {
        assertThat(catalog.defaultOutcome("auth.login.failure")).isEqualTo(Outcome.FAILURE);
        assertThat(catalog.defaultOutcome("user.roleChange")).isEqualTo(Outcome.SUCCESS);
        assertThat(catalog.defaultOutcome("billing.invoicePaid")).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void fieldRules_acceptWhatTheyDescribe() {
        assertThat(new FieldRule.Count().accepts(3L)).isTrue();
        assertThat(new FieldRule.Count().accepts(3.0)).isTrue();
        assertThat(new FieldRule.Count().accepts(-1L)).isFalse();
        assertThat(new FieldRule.Count().accepts(2.5)).isFalse();
        assertThat(new FieldRule.Email().accepts("ada@acme.test")).isTrue();
        assertThat(new FieldRule.Email().accepts("ada at acme")).isFalse();
        assertThat(new FieldRule.Text().accepts(" ")).isFalse();
        assertThat(new FieldRule.Scalar().accepts(Map.of())).isFalse();
        assertThat(new FieldRule.Changes().accepts(Map.of())).isTrue();
    }
}
