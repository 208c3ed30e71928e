package dev.attest.core.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.member.Permission;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {
    @Test
    void joinAndParse_everyScope_roundTripInDeclarationOrder() {
        String joined = Scope.join(Set.of(Scope.PORTAL, Scope.ADMIN, Scope.EVENTS_WRITE, Scope.EVENTS_READ));

        assertThat(joined).isEqualTo("events:write events:read admin portal");
        assertThat(Scope.parse(joined)).isEqualTo(EnumSet.allOf(Scope.class));
        assertThat(Scope.parse("  admin   events:read ")).containsExactlyInAnyOrder(Scope.ADMIN, Scope.EVENTS_READ);
    }

    @Test
    void parse_unknownScope_isRejectedNamingIt() {
        assertThatThrownBy(() -> Scope.parse("events:write events:delete"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("events:delete");
    }

    @Test
    void fromWire_isCaseSensitive() {
        assertThat(Scope.fromWire("events:read")).contains(Scope.EVENTS_READ);
        assertThat(Scope.fromWire("Events:Read")).isEmpty();
    }

    @Test
    void permissions_noScopeDeletesTheOrganizationOrTouchesOwners() {
        Set<Permission> all = Scope.permissionsOf(EnumSet.allOf(Scope.class));

        assertThat(all).doesNotContain(Permission.ORG_DELETE, Permission.OWNERS_MANAGE);
        assertThat(Scope.granting(Permission.LOG_EXPORT)).contains(Scope.EVENTS_READ);
        assertThat(Scope.granting(Permission.EVENTS_WRITE)).contains(Scope.EVENTS_WRITE);
        assertThat(Scope.granting(Permission.API_ACCESS_MANAGE)).contains(Scope.ADMIN);
        assertThat(Scope.granting(Permission.ORG_DELETE)).isEmpty();
    }

    @Test
    void scopes_grantDisjointPermissions() {
        Set<Permission> seen = EnumSet.noneOf(Permission.class);
        for (Scope scope : Scope.values()) {
            for (Permission permission : scope.permissions()) {
                assertThat(seen.add(permission)).as(permission + " of " + scope).isTrue();
            }
        }
    }
}
