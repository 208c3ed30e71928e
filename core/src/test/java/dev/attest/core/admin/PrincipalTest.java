package dev.attest.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.RequestContext;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.org.Scope;
import dev.attest.core.store.StoredApiKey;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {
    private static final OrganizationId ACME = new OrganizationId("org_acme");
    private static final OrganizationId GLOBEX = new OrganizationId("org_globex");
    private static final RequestContext CONTEXT = new RequestContext("203.0.113.7", "agent", "req_1");

    private static Member member(Role role, boolean disabled) {
        return new Member("usr_1", ACME, "ada@acme.test", "Ada", role, false, "$argon2id$h", disabled, Instant.EPOCH);
    }

    @Test
    void roles_grantWhatDesignSection7Says() {
        assertThat(Role.OWNER.permissions()).containsExactlyInAnyOrder(Permission.values());
        assertThat(Role.ADMIN.permissions())
                .contains(Permission.MEMBERS_MANAGE, Permission.GROUPS_MANAGE, Permission.WORKSPACES_MANAGE)
                .doesNotContain(Permission.OWNERS_MANAGE, Permission.ORG_MANAGE, Permission.ORG_DELETE);
        assertThat(Role.AUDITOR.permissions())
                .containsExactlyInAnyOrder(Permission.LOG_READ, Permission.LOG_EXPORT, Permission.MEMBERS_READ);
        assertThat(Role.MEMBER.permissions()).isEmpty();
        assertThat(Role.MEMBER.readsLog()).isFalse();
        assertThat(Role.AUDITOR.readsLog()).isTrue();
    }

    @Test
    void member_actsWithTheirRole_onlyInTheirOrganization_andNotWhenDisabled() {
        assertThat(Principal.of(member(Role.ADMIN, false), ACME, CONTEXT).permissions())
                .isEqualTo(Role.ADMIN.permissions());
        assertThat(Principal.of(member(Role.OWNER, false), GLOBEX, CONTEXT).permissions())
                .isEmpty();
        assertThat(Principal.of(member(Role.OWNER, true), ACME, CONTEXT).permissions())
                .isEmpty();
    }

    @Test
    void superUser_mayEverythingAnywhere_andIsRecordedAsSuperUser() {
        var root =
                new Member("usr_su", null, "root@attest.test", "Root", null, true, "$argon2id$h", false, Instant.EPOCH);

        Principal principal = Principal.of(root, GLOBEX, CONTEXT);

        assertThat(principal.permissions()).isEqualTo(EnumSet.allOf(Permission.class));
        assertThat(principal.actor().type()).isEqualTo(ActorType.SUPER_USER);
        assertThat(principal.actor().role()).isNull();
    }

    @Test
    void apiKey_everyScope_administersButNeverDeletesNorTouchesOwners() {
        Principal key = Principal.apiKey(key(EnumSet.allOf(Scope.class)), CONTEXT);

        assertThat(key.may(Permission.MEMBERS_MANAGE)).isTrue();
        assertThat(key.may(Permission.ORG_MANAGE)).isTrue();
        assertThat(key.may(Permission.EVENTS_WRITE)).isTrue();
        assertThat(key.may(Permission.ORG_DELETE)).isFalse();
        assertThat(key.may(Permission.OWNERS_MANAGE)).isFalse();
        assertThat(key.actor().type()).isEqualTo(ActorType.API_KEY);
        assertThat(key.actor().id()).isEqualTo("key_1");
        assertThat(key.actor().name()).isEqualTo("CI");
    }

    @Test
    void require_writeOnlyKey_throwsForbiddenNamingTheMissingScope() {
        Principal key = Principal.apiKey(key(EnumSet.of(Scope.EVENTS_WRITE)), CONTEXT);

        key.require(Permission.EVENTS_WRITE);
        assertThatThrownBy(() -> key.require(Permission.LOG_READ))
                .isInstanceOfSatisfying(ForbiddenException.class, refused -> {
                    assertThat(refused.code()).isEqualTo("missing-scope");
                    assertThat(refused.missingScope()).contains("events:read");
                })
                .hasMessageContaining("events:read");
        assertThatThrownBy(() -> key.require(Permission.ORG_DELETE))
                .isInstanceOfSatisfying(
                        ForbiddenException.class,
                        refused -> assertThat(refused.missingScope()).isEmpty());
    }

    private static StoredApiKey key(Set<Scope> scopes) {
        return new StoredApiKey("key_1", ACME, "CI", "atk_abc123", scopes, Instant.EPOCH, null, null);
    }

    @Test
    void require_missingPermission_throwsForbiddenNamingRoleAndPermission() {
        Principal auditor = Principal.of(member(Role.AUDITOR, false), ACME, CONTEXT);

        auditor.require(Permission.LOG_READ);
        assertThatThrownBy(() -> auditor.require(Permission.MEMBERS_MANAGE))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("auditor")
                .hasMessageContaining("MEMBERS_MANAGE");
    }
}
