package dev.attest.server.console;

import dev.attest.server.console.ConsoleViews.Option;
import dev.attest.server.console.ConsoleViews.Viewer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the pages of invitations, passwords and the installation's mail show: plain values, every string still
 * unescaped (the templates escape).
 */
public final class AccountViews {
    private AccountViews() {}

    /** The page a link of an invitation opens: who is invited where, and the form that makes them a member. */
    public record AcceptPage(
            String token,
            String csrf,
            String organizationName,
            String email,
            String role,
            String typedName,
            @Nullable String error) {}

    /** The organization's invitations: the invite form ({@code manage}: for those who may invite) and the list. */
    public record InvitationsPage(
            Viewer viewer,
            String organizationId,
            String organizationName,
            boolean manage,
            List<Option> roles,
            String typedEmail,
            List<InvitationRow> invitations,
            @Nullable String notice,
            @Nullable String error) {}

    /** One invitation; {@code pending} whether it may still be resent or revoked. */
    public record InvitationRow(String id, String email, String role, String status, String expires, boolean pending) {}

    /** The form that asks for a reset link; {@code sent} once asked (the same answer for any address). */
    public record ForgotPage(
            String csrf,
            String typedEmail,
            boolean sent,
            @Nullable String error) {}

    /** The form a reset link opens. */
    public record ResetPage(
            String token,
            String csrf,
            String email,
            @Nullable String error) {}

    /** The signed-in person's password form. */
    public record OwnPasswordPage(
            Viewer viewer,
            @Nullable String notice,
            @Nullable String error) {}

    /** The installation's mail (super-users): how it leaves, the test form, and the outbox. */
    public record MailPage(
            Viewer viewer,
            String transport,
            String typedTo,
            List<OutboxRow> outbox,
            @Nullable String notice,
            @Nullable String error) {}

    /** One message of the outbox. */
    public record OutboxRow(String id, String to, String subject, String text, String created) {}
}
