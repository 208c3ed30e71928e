package dev.attest.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static final OrganizationId ORG = new OrganizationId("org_a");

    /** Every filter set, with values that carry the canonical form's own separators. */
    private static EventFilter.Builder everyFilter() {
        return EventFilter.builder(ORG)
                .since(Instant.parse("2026-11-01T00:00:00Z"))
                .until(Instant.parse("2026-11-02T00:00:00.123456Z"))
                .actions(List.of("user.roleChange", "auth.login.failure"))
                .category("auth")
                .actorType(ActorType.API_KEY)
                .actorId("usr;9")
                .actorEmail("a=b@x")
                .targetType("user")
                .targetId("t,1")
                .outcome(Outcome.FAILURE)
                .workspace("default")
                .critical(true)
                .text("ada\\lovelace");
    }

    @Test
    void canonicalForm_noFilter_namesEveryFieldAsUnset() {
        assertThat(EventFilter.of(ORG).canonicalForm())
                .isEqualTo("organization=org_a;since;until;actions;category;actor_type;actor_id;actor_email;"
                        + "target_type;target_id;outcome;workspace;critical;text;");
    }

    @Test
    void canonicalForm_everyFilter_wireFormsWithSeparatorsEscaped() {
        assertThat(everyFilter().build().canonicalForm())
                .isEqualTo("organization=org_a;since=2026-11-01T00:00:00Z;until=2026-11-02T00:00:00.123456Z;"
                        + "actions=auth.login.failure,user.roleChange;category=auth;actor_type=api_key;"
                        + "actor_id=usr\\;9;actor_email=a\\=b@x;target_type=user;target_id=t\\,1;outcome=failure;"
                        + "workspace=default;critical=true;text=ada\\\\lovelace;");
    }

    /**
     * Golden values (the first 8 bytes of SHA-256 of the forms above, computed outside Java): they must never change,
     * or every cursor handed out before an upgrade stops working. Enums hashed by identity differ per JVM.
     */
    @Test
    void fingerprint_isTheSameInEveryJvm() {
        assertThat(EventFilter.of(ORG).fingerprint()).isEqualTo(0x9f756565209703a4L);
        assertThat(everyFilter().build().fingerprint()).isEqualTo(0x0320f3d8b3e3814aL);
    }

    @Test
    void lists_areSortedAndDistinct_soTheirOrderDoesNotMatter() {
        EventFilter one = EventFilter.builder(ORG)
                .categories(List.of("user", "auth", "user"))
                .workspaces(List.of("b", "a"))
                .build();
        EventFilter other = EventFilter.builder(ORG)
                .categories(List.of("auth", "user"))
                .workspaces(List.of("a", "b", "a"))
                .build();

        assertThat(one).isEqualTo(other);
        assertThat(one.categories()).containsExactly("auth", "user");
        assertThat(one.fingerprint()).isEqualTo(other.fingerprint());
        assertThat(one.canonicalForm()).contains(";category=auth,user;").contains(";workspace=a,b;");
    }

    @Test
    void fingerprint_differsByFilter() {
        EventFilter filter = EventFilter.builder(ORG).category("auth").build();

        assertThat(filter.toBuilder().build().fingerprint()).isEqualTo(filter.fingerprint());
        assertThat(filter.toBuilder().category("user").build().fingerprint()).isNotEqualTo(filter.fingerprint());
        assertThat(filter.toBuilder()
                        .categories(List.of("auth", "user"))
                        .build()
                        .fingerprint())
                .isNotEqualTo(filter.fingerprint());
        assertThat(EventFilter.builder(new OrganizationId("org_b"))
                        .category("auth")
                        .build()
                        .fingerprint())
                .isNotEqualTo(filter.fingerprint());
    }

    @Test
    void canonicalForm_valuesCannotImitateOtherFields() {
        // Without escaping, the first would read as an actor id "x" followed by an email "y".
        EventFilter forged = EventFilter.builder(ORG).actorId("x;actor_email=y").build();
        EventFilter real = EventFilter.builder(ORG).actorId("x").actorEmail("y").build();
        EventFilter oneAction =
                EventFilter.builder(ORG).actions(List.of("a.b,c.d")).build();
        EventFilter twoActions =
                EventFilter.builder(ORG).actions(List.of("a.b", "c.d")).build();
        EventFilter oneCategory = EventFilter.builder(ORG).category("a,b").build();
        EventFilter twoCategories =
                EventFilter.builder(ORG).categories(List.of("a", "b")).build();

        assertThat(forged.canonicalForm()).isNotEqualTo(real.canonicalForm());
        assertThat(forged.fingerprint()).isNotEqualTo(real.fingerprint());
        assertThat(oneAction.fingerprint()).isNotEqualTo(twoActions.fingerprint());
        assertThat(oneCategory.fingerprint()).isNotEqualTo(twoCategories.fingerprint());
        assertThat(EventFilter.builder(ORG).actions(List.of("")).build().fingerprint())
                .isNotEqualTo(EventFilter.of(ORG).fingerprint());
        assertThat(EventFilter.builder(ORG).critical(false).build().fingerprint())
                .isNotEqualTo(EventFilter.of(ORG).fingerprint());
    }

    @Test
    void text_blank_isNoFilter() {
        assertThat(EventFilter.builder(ORG).text("  ").build()).isEqualTo(EventFilter.of(ORG));
    }

    @Test
    void pageRequest_limitOutOfRange_isRefused() {
        assertThatThrownBy(() -> PageRequest.first(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageRequest.first(PageRequest.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PageRequest.first().limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
    }
}
