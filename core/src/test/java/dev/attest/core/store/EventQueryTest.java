package dev.attest.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueryTest {
    private static final OrganizationId ORG = new OrganizationId("org_a");

    /** Every filter set, with values that carry the canonical form's own separators. */
    private static EventQuery everyFilter() {
        return EventQuery.of(ORG)
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
        assertThat(EventQuery.of(ORG).canonicalForm())
                .isEqualTo("organization=org_a;since;until;actions;category;actor_type;actor_id;actor_email;"
                        + "target_type;target_id;outcome;workspace;critical;text;");
    }

    @Test
    void canonicalForm_everyFilter_wireFormsWithSeparatorsEscaped() {
        assertThat(everyFilter().canonicalForm())
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
    void filterFingerprint_isTheSameInEveryJvm() {
        assertThat(EventQuery.of(ORG).filterFingerprint()).isEqualTo(0x9f756565209703a4L);
        assertThat(everyFilter().filterFingerprint()).isEqualTo(0x0320f3d8b3e3814aL);
    }

    @Test
    void filterFingerprint_differsByFilterNotByPage() {
        EventQuery query = EventQuery.of(ORG).category("auth");

        assertThat(query.limit(10).filterFingerprint()).isEqualTo(query.filterFingerprint());
        assertThat(query.cursor(new Cursor(Instant.EPOCH, 1, 1, 0)).filterFingerprint())
                .isEqualTo(query.filterFingerprint());
        assertThat(query.category("user").filterFingerprint()).isNotEqualTo(query.filterFingerprint());
        assertThat(EventQuery.of(new OrganizationId("org_b")).category("auth").filterFingerprint())
                .isNotEqualTo(query.filterFingerprint());
    }

    @Test
    void canonicalForm_valuesCannotImitateOtherFields() {
        // Without escaping, the first would read as an actor id "x" followed by an email "y".
        EventQuery forged = EventQuery.of(ORG).actorId("x;actor_email=y");
        EventQuery real = EventQuery.of(ORG).actorId("x").actorEmail("y");
        EventQuery oneAction = EventQuery.of(ORG).actions(List.of("a.b,c.d"));
        EventQuery twoActions = EventQuery.of(ORG).actions(List.of("a.b", "c.d"));

        assertThat(forged.canonicalForm()).isNotEqualTo(real.canonicalForm());
        assertThat(forged.filterFingerprint()).isNotEqualTo(real.filterFingerprint());
        assertThat(oneAction.filterFingerprint()).isNotEqualTo(twoActions.filterFingerprint());
        assertThat(EventQuery.of(ORG).actions(List.of("")).filterFingerprint())
                .isNotEqualTo(EventQuery.of(ORG).filterFingerprint());
        assertThat(EventQuery.of(ORG).critical(false).filterFingerprint())
                .isNotEqualTo(EventQuery.of(ORG).filterFingerprint());
    }
}
