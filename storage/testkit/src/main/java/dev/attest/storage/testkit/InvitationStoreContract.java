package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.mail.Mail;
import dev.attest.core.mail.OutboxMail;
import dev.attest.core.member.Invitation;
import dev.attest.core.member.Member;
import dev.attest.core.member.PasswordReset;
import dev.attest.core.member.Role;
import dev.attest.core.member.Session;
import dev.attest.core.store.Storage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.attest.core.store.InvitationStore}, {@link dev.attest.core.store.PasswordResetStore} and
 * {@link dev.attest.core.store.OutboxStore}, and of the password and session changes they go with: a link is used at
 * most once, whatever the order of the calls.
 */
public abstract class InvitationStoreContract {
    protected Storage storage;
    protected OrganizationId org;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        org = TestEvents.organization(storage, "Acme").getKey();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private Invitation invitation(String id, String email, String tokenHash, int secondsAfterT0) {
        return new Invitation(
                id,
                org,
                email,
                Role.AUDITOR,
                List.of("grp_1", "grp_2"),
                "usr_owner",
                tokenHash,
                Invitation.Status.PENDING,
                T0.plusSeconds(secondsAfterT0),
                T0.plus(Duration.ofDays(7)),
                null);
    }

    private Member member(String id, String email) {
        return new Member(id, org, email, "Name " + id, Role.MEMBER, false, "$argon2id$old", false, T0);
    }

    @Test
    void invitation_isFoundByIdTokenHashAndPendingEmail_asStored() {
        storage.invitations().create(invitation("inv_1", "Kat@Acme.test", "h1", 0));

        Invitation found = storage.invitations().findByTokenHash("h1").orElseThrow();
        assertThat(found).isEqualTo(invitation("inv_1", "Kat@Acme.test", "h1", 0));
        assertThat(storage.invitations().find("inv_1")).contains(found);
        assertThat(storage.invitations().findPending(org, "kat@acme.TEST")).contains(found);
        assertThat(storage.invitations().findByTokenHash("h2")).isEmpty();
    }

    @Test
    void list_isNewestFirstAndLimited() {
        storage.invitations().create(invitation("inv_1", "a@acme.test", "h1", 0));
        storage.invitations().create(invitation("inv_2", "b@acme.test", "h2", 1));
        storage.invitations().create(invitation("inv_3", "c@acme.test", "h3", 2));

        assertThat(storage.invitations().list(org, 2))
                .extracting(Invitation::id)
                .containsExactly("inv_3", "inv_2");
    }

    @Test
    void accept_onlyOnce_andNeverAfterRevoke() {
        storage.invitations().create(invitation("inv_1", "a@acme.test", "h1", 0));
        storage.invitations().create(invitation("inv_2", "b@acme.test", "h2", 0));
        storage.members().create(member("usr_a", "a@acme.test"));

        assertThat(storage.invitations().accept("inv_1", "usr_a")).isTrue();
        assertThat(storage.invitations().accept("inv_1", "usr_a")).isFalse();
        assertThat(storage.invitations().revoke("inv_1")).isFalse();
        assertThat(storage.invitations().find("inv_1").orElseThrow().memberId()).isEqualTo("usr_a");
        assertThat(storage.invitations().revoke("inv_2")).isTrue();
        assertThat(storage.invitations().accept("inv_2", "usr_a")).isFalse();
        assertThat(storage.invitations().renew("inv_2", "h9", T0)).isFalse();
        assertThat(storage.invitations().find("inv_2").orElseThrow().status()).isEqualTo(Invitation.Status.REVOKED);
        assertThat(storage.invitations().findPending(org, "b@acme.test")).isEmpty();
    }

    @Test
    void renew_replacesTheTokenHashAndExpiry() {
        storage.invitations().create(invitation("inv_1", "a@acme.test", "h1", 0));

        assertThat(storage.invitations().renew("inv_1", "h2", T0.plus(Duration.ofDays(8))))
                .isTrue();

        assertThat(storage.invitations().findByTokenHash("h1")).isEmpty();
        assertThat(storage.invitations().findByTokenHash("h2").orElseThrow().expiresAt())
                .isEqualTo(T0.plus(Duration.ofDays(8)));
    }

    @Test
    void passwordReset_isUsedOnce_andDeletedWithTheMembersOthers() {
        storage.members().create(member("usr_a", "a@acme.test"));
        storage.passwordResets().create(new PasswordReset("r1", "usr_a", T0, T0.plus(Duration.ofMinutes(30))));
        storage.passwordResets().create(new PasswordReset("r2", "usr_a", T0, T0.plus(Duration.ofMinutes(30))));

        assertThat(storage.passwordResets().find("r1").orElseThrow().memberId()).isEqualTo("usr_a");
        assertThat(storage.passwordResets().use("r1")).isTrue();
        assertThat(storage.passwordResets().use("r1")).isFalse();
        assertThat(storage.passwordResets().deleteAll("usr_a")).isEqualTo(1);
        assertThat(storage.passwordResets().find("r2")).isEmpty();
    }

    @Test
    void changePassword_andDeleteAllExcept_keepTheAskingSession() {
        storage.members().create(member("usr_a", "a@acme.test"));
        storage.sessions().create(new Session("s1", "usr_a", "c1", T0, T0));
        storage.sessions().create(new Session("s2", "usr_a", "c2", T0, T0));
        storage.sessions().create(new Session("s3", "usr_a", "c3", T0, T0));

        assertThat(storage.members().changePassword("usr_a", "$argon2id$new")).isTrue();
        assertThat(storage.members().changePassword("usr_nobody", "$argon2id$new"))
                .isFalse();
        assertThat(storage.sessions().deleteAllExcept("usr_a", "s2")).isEqualTo(2);

        assertThat(storage.members().find("usr_a").orElseThrow().passwordHash()).isEqualTo("$argon2id$new");
        assertThat(storage.sessions().find("s2")).isPresent();
        assertThat(storage.sessions().find("s1")).isEmpty();
    }

    @Test
    void outbox_keepsMessagesNewestFirst() {
        storage.outbox().add(new OutboxMail("mail_1", new Mail("a@acme.test", "One", "first\nline"), T0));
        storage.outbox().add(new OutboxMail("mail_2", new Mail("b@acme.test", "Two", "second"), T0.plusSeconds(1)));

        assertThat(storage.outbox().latest(10))
                .containsExactly(
                        new OutboxMail("mail_2", new Mail("b@acme.test", "Two", "second"), T0.plusSeconds(1)),
                        new OutboxMail("mail_1", new Mail("a@acme.test", "One", "first\nline"), T0));
        assertThat(storage.outbox().latest(1)).extracting(OutboxMail::id).containsExactly("mail_2");
    }
}
