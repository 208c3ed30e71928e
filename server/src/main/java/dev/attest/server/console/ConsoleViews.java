package dev.attest.server.console;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the console's templates show: plain values, every string still unescaped (the templates escape). */
public final class ConsoleViews {
    private ConsoleViews() {}

    /** Who is signed in, the CSRF token of their forms, and the console's sections they may open. */
    public record Viewer(
            String name,
            String email,
            String role,
            String csrf,
            boolean superUser,
            List<NavLink> nav,
            @Nullable Acting acting,
            boolean portal) {}

    /**
     * The banner of an impersonation, on every page while it lasts: who is acted as, by whom, why, and until when.
     */
    public record Acting(
            String memberName, String memberEmail, String impersonatorEmail, String reason, String until) {}

    /** One section of the navigation; {@code current} marks the page shown. */
    public record NavLink(String label, String href, boolean current) {}

    /** The members page. */
    public record MembersPage(
            Viewer viewer,
            String organizationId,
            String organizationName,
            boolean manage,
            List<MemberRow> members,
            List<Option> roles,
            @Nullable String notice,
            @Nullable String error) {}

    /**
     * The groups page. {@code members} and {@code workspaces} are every member and workspace of the organization, the
     * choices of each group's forms; {@code typedName} is what the new group's name field shows.
     */
    public record GroupsPage(
            Viewer viewer,
            String organizationId,
            String organizationName,
            boolean manage,
            List<GroupRow> groups,
            String typedName,
            @Nullable String notice,
            @Nullable String error) {}

    /** One group, with a choice per member and per workspace of the organization (checked when in the group). */
    public record GroupRow(String id, String name, List<Choice> members, List<Choice> workspaces) {}

    /**
     * The workspaces page: the organization's workspaces, and each member's direct access to them ({@code members},
     * one row per member who is not disabled); {@code typedName} is what the new workspace's name field shows.
     */
    public record WorkspacesPage(
            Viewer viewer,
            String organizationId,
            String organizationName,
            boolean manage,
            List<String> workspaces,
            List<AccessRow> members,
            String typedName,
            @Nullable String notice,
            @Nullable String error) {}

    /** One member's direct workspace access: a choice per workspace of the organization. */
    public record AccessRow(String id, String name, List<Choice> workspaces) {}

    /** One checkbox: its value, what it shows, and whether it is checked. */
    public record Choice(String value, String label, boolean checked) {}

    /** The organization's settings page; {@code typedName} is what the name field shows (the typed text after an error). */
    public record SettingsPage(
            Viewer viewer,
            String organizationId,
            String organizationName,
            String typedName,
            boolean requireMfa,
            boolean mayDelete,
            boolean deleted,
            String viewerOrigins,
            @Nullable String notice,
            @Nullable String error) {}

    /**
     * One member. {@code groups} and {@code workspaces} are as the page shows them (names joined, or a dash);
     * {@code lastSignIn} is a UTC time or "never", {@code lastSignInIso} its ISO-8601 form (empty for never);
     * {@code roles} are the options of their role select, the current one selected; {@code editable} whether the viewer
     * may change this member at all.
     */
    public record MemberRow(
            String id,
            String name,
            String email,
            String role,
            String groups,
            String workspaces,
            String lastSignIn,
            String lastSignInIso,
            boolean mfa,
            boolean disabled,
            boolean editable,
            boolean passwordSettable,
            boolean impersonable,
            List<Option> roles) {}

    /** The sign-in page. */
    public record SignIn(String csrf, @Nullable String error, String email, String next) {}

    /**
     * The second step of a sign-in: the code of the authenticator or a recovery code ({@code code}), or a passkey
     * ({@code passkey}), whichever the member has.
     */
    public record SecondFactor(String csrf, @Nullable String error, String next, boolean code, boolean passkey) {}

    /**
     * One's own account page: MFA status and its actions.
     *
     * @param required the organization requires MFA and the member has none yet: nothing else opens until they do
     * @param setup the authenticator being set up, if any
     * @param recoveryCodes the recovery codes, shown once right after MFA was turned on; otherwise {@code null}
     */
    public record AccountPage(
            Viewer viewer,
            String email,
            boolean mfaOn,
            int recoveryCodesLeft,
            boolean required,
            @Nullable TotpSetup setup,
            @Nullable List<String> recoveryCodes,
            List<SessionRow> sessions,
            @Nullable String notice,
            @Nullable String error,
            List<PasskeyRow> passkeys) {}

    /** One of the member's passkeys; {@code id} is its credential id (public). */
    public record PasskeyRow(String id, String name, String added, String lastUsed) {}

    /**
     * One of the viewer's sessions. {@code id} names it in the form that ends it (derived from, never equal to, what
     * the database stores); {@code current} marks the session of this page.
     */
    public record SessionRow(String id, String device, String ip, String started, String lastSeen, boolean current) {}

    /** An authenticator being set up: its QR code (trusted SVG markup) and its key for typing. */
    public record TotpSetup(String qrSvg, String secret) {}

    /** A message page: refusal, not found, error. */
    public record Message(@Nullable Viewer viewer, String title, String text, int status) {}

    /** The list of organizations a super-user can open. */
    public record Organizations(Viewer viewer, List<OrganizationRow> organizations) {}

    public record OrganizationRow(String id, String name, long events) {}

    /** One option of a select. */
    public record Option(String value, String label, boolean selected) {}

    /** The filter bar's state, as in the URL. */
    public record Filters(
            String range,
            String from,
            String to,
            List<Option> ranges,
            List<Option> actorTypes,
            List<Option> targetTypes,
            List<Option> categories,
            List<Option> outcomes,
            String action,
            List<String> actions,
            boolean critical,
            String q,
            String query,
            List<Option> workspaces) {}

    /** One row of the table. */
    public record Row(
            String id,
            String href,
            String occurredIso,
            String occurredText,
            String actor,
            String actorDetail,
            String actorType,
            String action,
            String actionLabel,
            String categoryClass,
            boolean critical,
            String targetType,
            String targetName,
            boolean failure) {}

    /** Rows and where "load more" continues. */
    public record Rows(List<Row> rows, @Nullable String moreHref) {}

    /** One bar of the volume chart, in SVG units of a 600×80 view box. */
    public record Bar(double x, double width, double height, double failureHeight, String title) {}

    public record Chart(List<Bar> bars, String fromText, String toText, long total, long failures) {}

    /** The audit log page. */
    public record LogPage(
            Viewer viewer,
            String base,
            String organizationName,
            Filters filters,
            Chart chart,
            Rows rows,
            List<Export> exports,
            List<Hidden> exportFilter,
            @Nullable Detail detail) {}

    /** An export button: the form's action and the button's label. */
    public record Export(String action, String label) {}

    /** A hidden field of a form: what the exports carry of the filter. */
    public record Hidden(String name, String value) {}

    /** A labelled value of the detail drawer. */
    public record Field(String label, String value, boolean code) {}

    /** The detail drawer of one event. */
    public record Detail(
            String id,
            String title,
            String actionLabel,
            boolean critical,
            boolean failure,
            List<Field> fields,
            List<Field> context,
            String json,
            String seq,
            String leafHash,
            String contentStatus,
            boolean contentIntact,
            String proofStatus,
            boolean proofVerified,
            String deepLink,
            String closeHref) {}
}
