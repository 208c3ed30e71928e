package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Group;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.member.Workspace;
import dev.attest.core.store.Storage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.GroupStore} and {@link dev.attest.core.store.WorkspaceStore}. */
public abstract class GroupStoreContract {
    protected Storage storage;
    protected OrganizationId org;
    protected OrganizationId other;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        org = TestEvents.organization(storage, "Acme").getKey();
        other = TestEvents.organization(storage, "Globex").getKey();
        for (String id : List.of("usr_1", "usr_2", "usr_3")) {
            storage.members()
                    .create(new Member(id, org, id + "@acme.test", "Name " + id, Role.MEMBER, false, "h", false, T0));
        }
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private Group group(String id, OrganizationId in, String name, List<String> members, List<String> workspaces) {
        return new Group(id, in, name, T0, members, workspaces);
    }

    @Test
    void create_group_isFoundByIdAndNameInAnyCaseWithMembersAndWorkspaces() {
        storage.groups().create(group("grp_1", org, "Platform", List.of("usr_2", "usr_1"), List.of("staging")));

        assertThat(storage.groups().find("grp_1")).hasValueSatisfying(g -> {
            assertThat(g.organization()).isEqualTo(org);
            assertThat(g.name()).isEqualTo("Platform");
            assertThat(g.createdAt()).isEqualTo(T0);
            assertThat(g.members()).containsExactly("usr_1", "usr_2");
            assertThat(g.workspaces()).containsExactly("staging");
        });
        assertThat(storage.groups().findByName(org, "PLATFORM")).isPresent();
        assertThat(storage.groups().findByName(other, "platform")).isEmpty();
        assertThat(storage.groups().find("grp_missing")).isEmpty();
    }

    @Test
    void create_takenNameInAnyCase_isRejectedButAnotherOrganizationMayUseIt() {
        storage.groups().create(group("grp_1", org, "Platform", List.of(), List.of()));

        assertThatThrownBy(() -> storage.groups().create(group("grp_2", org, "platform", List.of(), List.of())))
                .isInstanceOf(IllegalStateException.class);
        storage.groups().create(group("grp_3", other, "Platform", List.of(), List.of()));

        assertThat(storage.groups().list(org)).extracting(Group::id).containsExactly("grp_1");
        assertThat(storage.groups().list(other)).extracting(Group::id).containsExactly("grp_3");
    }

    @Test
    void renameChangeMembersReplaceWorkspaces_inATransaction_areReadBack() {
        storage.groups().create(group("grp_1", org, "Platform", List.of("usr_1", "usr_2"), List.of("staging")));

        storage.inTransaction(tx -> {
            assertThat(tx.groups().rename("grp_1", "Infra")).isTrue();
            tx.groups().changeMembers("grp_1", List.of("usr_3", "usr_1"), List.of("usr_2", "usr_missing"));
            tx.groups().replaceWorkspaces("grp_1", List.of("production", "default"));
            return true;
        });

        assertThat(storage.groups().find("grp_1")).hasValueSatisfying(g -> {
            assertThat(g.name()).isEqualTo("Infra");
            assertThat(g.members()).containsExactly("usr_1", "usr_3");
            assertThat(g.workspaces()).containsExactly("default", "production");
        });
        assertThat(storage.groups().rename("grp_missing", "x")).isFalse();
    }

    @Test
    void delete_group_removesItsMembershipsAndAccessOnly() {
        storage.groups().create(group("grp_1", org, "Platform", List.of("usr_1"), List.of("staging")));
        storage.groups().create(group("grp_2", org, "Security", List.of("usr_1"), List.of("production")));
        assertThat(storage.workspaces().accessibleTo("usr_1")).containsExactly("production", "staging");

        assertThat(storage.groups().delete("grp_1")).isTrue();

        assertThat(storage.groups().find("grp_1")).isEmpty();
        assertThat(storage.groups().delete("grp_1")).isFalse();
        assertThat(storage.workspaces().accessibleTo("usr_1")).containsExactly("production");
        assertThat(storage.members().find("usr_1")).isPresent();
        // The name is free again.
        storage.groups().create(group("grp_3", org, "platform", List.of(), List.of()));
    }

    @Test
    void workspaces_defaultFirstThenByName_andCreateIsIdempotent() {
        assertThat(storage.workspaces().create(new Workspace(org, "staging", T0.plusSeconds(5))))
                .isTrue();
        assertThat(storage.workspaces().create(new Workspace(org, "production", T0.plusSeconds(6))))
                .isTrue();
        assertThat(storage.workspaces().create(new Workspace(org, "staging", T0.plusSeconds(7))))
                .isFalse();
        assertThat(storage.workspaces().create(new Workspace(org, "default", T0.plusSeconds(7))))
                .isFalse();

        assertThat(storage.workspaces().list(org))
                .extracting(Workspace::name)
                .containsExactly("default", "production", "staging");
        assertThat(storage.workspaces().list(org).get(2).createdAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(storage.workspaces().list(other)).extracting(Workspace::name).containsExactly("default");
    }

    @Test
    void memberAccess_directAndThroughGroups_isTheUnion() {
        storage.workspaces().replaceOfMember("usr_1", List.of("staging", "default"));
        storage.groups().create(group("grp_1", org, "Platform", List.of("usr_1", "usr_2"), List.of("production")));

        assertThat(storage.workspaces().ofMember("usr_1")).containsExactly("default", "staging");
        assertThat(storage.workspaces().accessibleTo("usr_1")).containsExactly("default", "production", "staging");
        assertThat(storage.workspaces().accessibleTo("usr_2")).containsExactly("production");
        assertThat(storage.workspaces().accessibleTo("usr_3")).isEmpty();

        storage.workspaces().replaceOfMember("usr_1", List.of());

        assertThat(storage.workspaces().ofMember("usr_1")).isEmpty();
        assertThat(storage.workspaces().accessibleTo("usr_1")).containsExactly("production");
    }
}
