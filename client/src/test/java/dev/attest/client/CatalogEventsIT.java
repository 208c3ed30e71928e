package dev.attest.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import dev.attest.testing.TestClock;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's typed factories and the server's catalog cannot drift apart: one factory per action, each accepted. */
class CatalogEventsIT {
    @TempDir
    Path data;

    static final Actor ADA = Actor.member("usr_9").withName("Ada").withEmail("ada@acme.test");
    static final Target.Ref USER = Target.ref("usr_12", "Grace Hopper");
    static final Target.Ref ORG = Target.ref("org_1", "Acme");
    static final Target.Ref APP = Target.ref("app_1", "Reporter");
    static final Target.Ref INVITATION = Target.ref("inv_1", "grace@acme.test");
    static final Target.Ref GROUP = Target.ref("grp_1", "Auditors");
    static final Map<String, Object> CHANGES = Map.of("workspaces", Map.of("added", List.of("staging")));

    /** One event of every built-in action, made with the typed factories, stamped by the tests' clock. */
    static List<Event> everyAction() {
        return Stream.of(
                        CatalogEvents.authLoginSuccess(ADA, USER, LoginMethod.PASSWORD, "ada@acme.test"),
                        CatalogEvents.authLoginFailure(Actor.unknown(), null, "nobody@acme", "unknown_email"),
                        CatalogEvents.authLogout(ADA, USER),
                        CatalogEvents.authImpersonate(Actor.superUser("su_1"), USER, "grace@acme.test"),
                        CatalogEvents.authPasswordResetRequest(ADA, USER, "grace@acme.test"),
                        CatalogEvents.authPasswordResetComplete(ADA, USER, "grace@acme.test"),
                        CatalogEvents.authPasswordSelfChange(ADA, USER),
                        CatalogEvents.authPasswordAdminChange(ADA, USER, "grace@acme.test"),
                        CatalogEvents.authMfaEnable(ADA, USER, "totp"),
                        CatalogEvents.authMfaDisable(ADA, USER, "totp"),
                        CatalogEvents.authSsoDeprovision(Actor.system(), USER, "grace@acme.test", "okta"),
                        CatalogEvents.authSessionDeleteAll(ADA, USER, 3),
                        CatalogEvents.apiKeyEnable(ADA, ORG, "atk_12ab"),
                        CatalogEvents.apiKeyRegenerate(ADA, ORG, "atk_34cd"),
                        CatalogEvents.apiKeyRevoke(ADA, ORG, "atk_34cd"),
                        CatalogEvents.developerAppCreate(ADA, APP, "Reporter", "cli_1"),
                        CatalogEvents.developerAppDelete(ADA, APP, "Reporter", "cli_1"),
                        CatalogEvents.developerAppResetSecret(ADA, APP, "cli_1"),
                        CatalogEvents.userInvite(ADA, INVITATION, "grace@acme.test", "admin"),
                        CatalogEvents.userInviteResend(ADA, INVITATION, "grace@acme.test"),
                        CatalogEvents.userInviteRevoke(ADA, INVITATION, "grace@acme.test"),
                        CatalogEvents.userDisable(ADA, USER, "grace@acme.test"),
                        CatalogEvents.userRoleChange(ADA, USER, "member", "admin")
                                .context(Context.ip("203.0.113.7").withUserAgent("curl")),
                        CatalogEvents.userAccessChange(ADA, USER, CHANGES),
                        CatalogEvents.orgRequireMfa(ADA, ORG, true, false, true),
                        CatalogEvents.orgChangeName(ADA, ORG, "Acme", "Acme Corp"),
                        CatalogEvents.orgDelete(ADA, ORG, "Acme Corp"),
                        CatalogEvents.groupCreate(ADA, GROUP, "Auditors"),
                        CatalogEvents.groupRename(ADA, GROUP, "Auditors", "Audit"),
                        CatalogEvents.groupDelete(ADA, GROUP, "Audit"),
                        CatalogEvents.groupMembersChange(ADA, GROUP, 2, 1),
                        CatalogEvents.groupAccessChange(ADA, GROUP, CHANGES),
                        CatalogEvents.logView(Actor.viewer("cust_42").withName("Olive Ops"), ORG, "plk_1"),
                        CatalogEvents.logExport(ADA, ORG, "csv"),
                        CatalogEvents.orgViewerOriginsChange(
                                ADA,
                                ORG,
                                Map.of(
                                        "viewer_origins",
                                        Map.of("added", List.of("https://app.example.com"), "removed", List.of()))))
                .map(event -> event.clock(TestClock.clock()).build())
                .toList();
    }

    @Test
    void factories_oneForEveryCatalogAction_namedAfterIt() {
        List<String> factories = Arrays.stream(CatalogEvents.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .sorted()
                .toList();
        List<String> expected = Catalog.standard().actions().stream()
                .map(ActionSpec::action)
                .map(CatalogEventsIT::camel)
                .sorted()
                .toList();
        assertThat(factories).isEqualTo(expected);
    }

    @Test
    void factories_everyAction_acceptedByTheServer() throws DeliveryException {
        List<Event> events = everyAction();
        assertThat(events.stream().map(Event::action).collect(Collectors.toSet()))
                .isEqualTo(Catalog.standard().actions().stream()
                        .map(ActionSpec::action)
                        .collect(Collectors.toSet()));
        try (var server = new LiveServer(data);
                var client = server.client().build()) {
            for (Event event : events) {
                // One by one: a rejection names exactly the factory that drifted.
                assertThat(client.send(event).created()).as(event.action()).isTrue();
            }
            assertThat(server.events()).hasSize(events.size());
        }
    }

    static String camel(String action) {
        String[] parts = action.split("\\.", -1);
        var out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return out.toString();
    }
}
