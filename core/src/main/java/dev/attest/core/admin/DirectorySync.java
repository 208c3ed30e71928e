package dev.attest.core.admin;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.DirectoryToken;
import dev.attest.core.store.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Directory sync (SCIM 2.0, RFC 7644): the bearer tokens owners and admins make for their directory, and what the
 * directory does with one: provision members with the organization's provisioning role, and deprovision them
 * ({@code auth.sso.deprovision}, actor type {@code system}: the member is disabled and their sessions end, with the
 * event in the same transaction). Tokens are returned once and kept as SHA-256 hashes. Thread-safe.
 */
public final class DirectorySync {
    /** What every directory token starts with. */
    public static final String TOKEN_PREFIX = "scim_";

    /** What a directory may be called: the {@code provider} of its events. */
    public static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

    /**
     * The password hash of a member the directory provisioned: not a PHC string, so no password matches it; they
     * sign in through SSO, or set a password through a reset.
     */
    public static final String NO_PASSWORD = "!directory";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Storage storage;
    private final Recorder recorder;
    private final Clock clock;
    private final IdGenerator ids;
    private final SecureRandom random = new SecureRandom();

    public DirectorySync(Storage storage, Recorder recorder, Clock clock) {
        this.storage = storage;
        this.recorder = recorder;
        this.clock = clock;
        this.ids = new IdGenerator(clock);
    }

    /** A token and the only copy of its text. */
    public record CreatedToken(DirectoryToken token, String secret) {}

    /**
     * The organization's live directory tokens, oldest first.
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_MANAGE} and {@link Permission#API_ACCESS_MANAGE}
     */
    public List<DirectoryToken> tokens(Principal principal) {
        requireManager(principal);
        return storage.directory().listTokens(principal.organization());
    }

    /**
     * Makes a token for a directory. It may disable owners only when {@code principal} may change owners.
     *
     * @param provider matches {@link #PROVIDER} (the caller validates it)
     * @throws ForbiddenException without {@link Permission#MEMBERS_MANAGE} and {@link Permission#API_ACCESS_MANAGE}
     */
    public CreatedToken createToken(Principal principal, String provider) {
        if (!PROVIDER.matcher(provider).matches()) {
            throw new IllegalArgumentException("provider must match " + PROVIDER.pattern());
        }
        requireManager(principal);
        String secret = ApiKey.randomText(TOKEN_PREFIX, random);
        var token = new DirectoryToken(
                "dir_" + ids.ulid(),
                principal.organization(),
                provider,
                secret.substring(0, TOKEN_PREFIX.length() + 6),
                principal.may(Permission.OWNERS_MANAGE),
                clock.instant());
        storage.inTransaction(tx -> {
            ApiKeyAdministration.lock(tx, principal.organization());
            tx.directory().createToken(token, ApiKey.hash(secret));
            return token;
        });
        return new CreatedToken(token, secret);
    }

    /**
     * Revokes a token: the directory holding it gets 401 from the next request on.
     *
     * @throws NotFoundException when the organization has no such live token
     * @throws ForbiddenException without {@link Permission#MEMBERS_MANAGE} and {@link Permission#API_ACCESS_MANAGE}
     */
    public void revokeToken(Principal principal, String id) {
        requireManager(principal);
        if (!storage.directory().revokeToken(principal.organization(), id, clock.instant())) {
            throw new NotFoundException("directory token", id);
        }
    }

    /**
     * The role the directory's people join with ({@link Role#MEMBER} unless set).
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_READ}
     */
    public Role provisioningRole(Principal principal) {
        principal.require(Permission.MEMBERS_READ);
        return provisioningRole(principal.organization());
    }

    /**
     * Sets the role the directory's people join with.
     *
     * @throws InvalidChangeException for {@link Role#OWNER}: nobody becomes an owner by joining
     * @throws ForbiddenException without {@link Permission#MEMBERS_MANAGE}
     */
    public void setProvisioningRole(Principal principal, Role role) {
        principal.require(Permission.MEMBERS_MANAGE);
        if (role == Role.OWNER) {
            throw new InvalidChangeException(
                    "/default_role", "default_role must be admin, auditor or member: nobody joins as an owner");
        }
        storage.directory().setProvisioningRole(principal.organization(), role, clock.instant());
    }

    /** The live token whose text {@code presented} is. */
    public Optional<DirectoryToken> authenticate(String presented) {
        return storage.directory().findToken(ApiKey.hash(presented));
    }

    /** The organization's members (not super-users), oldest first: what the directory sees as Users. */
    public List<Member> members(DirectoryToken token) {
        return storage.members().list(token.organization());
    }

    /** One member of the token's organization. */
    public Optional<Member> member(DirectoryToken token, String id) {
        return storage.members().find(id).filter(m -> token.organization().equals(m.organization()));
    }

    /** The member of the token's organization with this email (compared in lower case). */
    public Optional<Member> memberByEmail(DirectoryToken token, String email) {
        return storage.members()
                .findByEmail(email)
                .filter(m -> token.organization().equals(m.organization()));
    }

    /**
     * Adds a person the directory assigned to Attest, with the organization's provisioning role and no password. The
     * catalog has no event for joining through the directory (docs/adr/0011); a later deprovisioning is recorded.
     *
     * @param name {@code null} or blank: the email's local part
     * @param active {@code false} adds the person disabled
     * @throws InvalidChangeException if {@code email} is not an email address
     * @throws ConflictException if a member (of any organization) has the email
     */
    public Member provision(DirectoryToken token, String email, @Nullable String name, boolean active) {
        String address = email.strip();
        if (!EMAIL.matcher(address).matches() || address.length() > 320) {
            throw new InvalidChangeException("/userName", "userName must be an email address, not " + email);
        }
        String shown = name == null || name.isBlank() ? address.substring(0, address.indexOf('@')) : name.strip();
        return storage.inTransaction(tx -> {
            ApiKeyAdministration.lock(tx, token.organization());
            if (tx.members().findByEmail(address).isPresent()) {
                throw new ConflictException("a member with the userName " + address + " exists already");
            }
            var member = new Member(
                    "usr_" + ids.ulid(),
                    token.organization(),
                    address,
                    shown,
                    tx.directory().provisioningRole(token.organization()).orElse(Role.MEMBER),
                    false,
                    NO_PASSWORD,
                    !active,
                    clock.instant());
            tx.members().create(member);
            return member;
        });
    }

    /**
     * Disables a member because the directory deactivated or deleted them, ends their sessions, and records
     * {@code auth.sso.deprovision} (email, provider) with actor type {@code system}, all in one transaction. A member
     * who is disabled already is left as they are, and nothing is recorded: directories repeat themselves.
     *
     * @return the member as they are now
     * @throws NotFoundException when the token's organization has no such member
     * @throws ForbiddenException for the organization's last active owner, or an owner when the token may not
     *     disable owners; the refusal is recorded with outcome {@code failure}
     */
    public Member deprovision(DirectoryToken token, String memberId, RequestContext context) {
        Principal directory = principal(token, context);
        Object result = storage.inTransaction(tx -> {
            OrganizationId org =
                    ApiKeyAdministration.lock(tx, token.organization()).id();
            Member member = tx.members()
                    .find(memberId)
                    .filter(m -> org.equals(m.organization()))
                    .orElseThrow(() -> new NotFoundException("member", memberId));
            if (member.disabled()) {
                return member;
            }
            ForbiddenException refused = null;
            if (member.role() == Role.OWNER && !token.managesOwners()) {
                refused = new ForbiddenException(
                        "owner-only",
                        "this directory token was made by someone who may not change owners, so it may not disable"
                                + " an owner: an owner makes a token for that");
            } else if (member.role() == Role.OWNER && tx.members().countActiveOwners(org) <= 1) {
                refused = new ForbiddenException(
                        "last-owner",
                        "the organization's last owner cannot be disabled: make another member an owner first");
            }
            var payload = new LinkedHashMap<String, Object>();
            payload.put("email", member.email());
            payload.put("provider", token.provider());
            if (refused != null) {
                payload.put("reason", refused.code());
                recorder.record(
                        tx,
                        directory,
                        "auth.sso.deprovision",
                        MemberAdministration.target(member),
                        Outcome.FAILURE,
                        payload);
                return refused;
            }
            tx.members().disable(member.id());
            int ended = tx.sessions().deleteAll(member.id());
            payload.put("sessions_ended", (long) ended);
            recorder.record(
                    tx,
                    directory,
                    "auth.sso.deprovision",
                    MemberAdministration.target(member),
                    Outcome.SUCCESS,
                    payload);
            return member;
        });
        if (result instanceof ForbiddenException refused) {
            throw refused;
        }
        return storage.members().find(memberId).orElseThrow(() -> new NotFoundException("member", memberId));
    }

    /** The directory as the actor of its events: type {@code system}, named by the token's id and provider. */
    static Principal principal(DirectoryToken token, RequestContext context) {
        return new Principal(
                ActorType.SYSTEM,
                token.id(),
                "Directory (" + token.provider() + ")",
                null,
                null,
                token.organization(),
                context,
                Set.of());
    }

    private Role provisioningRole(OrganizationId organization) {
        return storage.directory().provisioningRole(organization).orElse(Role.MEMBER);
    }

    private static void requireManager(Principal principal) {
        principal.require(Permission.MEMBERS_MANAGE);
        principal.require(Permission.API_ACCESS_MANAGE);
    }
}
