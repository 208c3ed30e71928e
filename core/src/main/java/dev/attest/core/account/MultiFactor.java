package dev.attest.core.account;

import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.Recorder;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.member.TotpEnrollment;
import dev.attest.core.store.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A person's second factor: enrolling a TOTP authenticator (confirmed by a first code, recorded as
 * {@code auth.mfa.enable} with ten recovery codes shown once), checking it at sign-in (a TOTP code or a recovery code,
 * each accepted once), and turning it off — by the person with a code, or by an owner or admin of their organization
 * — recorded as {@code auth.mfa.disable}. Seeds are sealed by the {@link SecretBox}; codes are spent by single
 * conditional updates, so that two server processes never accept one code twice. Thread-safe.
 */
public final class MultiFactor {
    /** The method named in the events' payload. */
    public static final String TOTP = "totp";

    private final Storage storage;
    private final Recorder recorder;
    private final SecretBox secrets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public MultiFactor(Storage storage, Recorder recorder, SecretBox secrets, Clock clock) {
        this.storage = storage;
        this.recorder = recorder;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * An authenticator being set up: what the person scans or types into their app.
     *
     * @param secret the key in Base32, for typing
     * @param uri the {@code otpauth://} URI, for the QR code
     */
    public record Setup(String secret, String uri) {
        @Override
        public String toString() {
            return "Setup[secret hidden]";
        }
    }

    /** How a second factor was given. */
    public enum Factor {
        TOTP("totp"),
        RECOVERY_CODE("recovery_code");

        private final String wire;

        Factor(String wire) {
            this.wire = wire;
        }

        /** The name in events' payloads. */
        public String wire() {
            return wire;
        }
    }

    /** Whether the member has a second factor: a confirmed authenticator or a passkey (docs/adr/0012). */
    public boolean enabled(String memberId) {
        return totpEnabled(memberId) || !storage.passkeys().list(memberId).isEmpty();
    }

    /** Whether the member has a confirmed authenticator app. */
    public boolean totpEnabled(String memberId) {
        return storage.mfa().find(memberId).filter(TotpEnrollment::confirmed).isPresent();
    }

    /** The ids of the organization's members who use MFA: an authenticator app or a passkey. */
    public Set<String> enrolled(OrganizationId organization) {
        var enrolled = new java.util.HashSet<>(storage.mfa().enrolled(organization));
        enrolled.addAll(storage.passkeys().enrolled(organization));
        return Set.copyOf(enrolled);
    }

    /** How many unused recovery codes the member has. */
    public int remainingRecoveryCodes(String memberId) {
        return storage.mfa().remainingRecoveryCodes(memberId);
    }

    /**
     * Starts setting up an authenticator with a new key, replacing one being set up.
     *
     * @param issuer the name the app shows beside the account, e.g. the installation's name
     * @throws ConflictException if the member's MFA is on: it is turned off first, with a code
     */
    public Setup begin(Member member, String issuer) {
        byte[] key = Totp.newKey(random);
        String sealed = secrets.seal(key, purpose(member.id()));
        if (!storage.mfa().begin(new TotpEnrollment(member.id(), sealed, clock.instant(), null, -1))) {
            throw new ConflictException("MFA is already on for " + member.email() + "; turn it off first");
        }
        return setup(member, issuer, key);
    }

    /** The authenticator being set up, to show again after a wrong code. */
    public Optional<Setup> pending(Member member, String issuer) {
        return storage.mfa().find(member.id()).filter(t -> !t.confirmed()).map(t -> setup(member, issuer, open(t)));
    }

    /**
     * Confirms the authenticator being set up with a code it shows, turns MFA on and records {@code auth.mfa.enable}
     * in the same transaction.
     *
     * @param self the member acting on their own account
     * @return the ten recovery codes, to be shown this once; empty if the code is wrong or nothing is being set up
     */
    public Optional<List<String>> confirm(Principal self, Member member, String code) {
        self.requireNotImpersonating(member.id(), "turn on a second factor");
        Optional<TotpEnrollment> pending = storage.mfa().find(member.id()).filter(t -> !t.confirmed());
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong step = Totp.match(open(pending.get()), code, clock.instant(), -1);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        List<String> codes = RecoveryCodes.generate(random);
        List<String> hashes =
                codes.stream().map(c -> RecoveryCodes.hash(c).orElseThrow()).toList();
        boolean confirmed = storage.inTransaction(tx -> {
            if (!tx.mfa().confirm(member.id(), clock.instant(), step.getAsLong(), hashes)) {
                return false;
            }
            recorder.record(tx, self, "auth.mfa.enable", target(member), Outcome.SUCCESS, Map.of("method", TOTP));
            return true;
        });
        return confirmed ? Optional.of(codes) : Optional.empty();
    }

    /**
     * Checks a second factor at sign-in and spends it: a TOTP code of a later step than any accepted before, or an
     * unused recovery code. Records nothing: the sign-in records its own success or failure.
     *
     * @return how the factor was given, or empty if it was not right (or already used)
     */
    public Optional<Factor> check(Member member, String typed) {
        Optional<TotpEnrollment> enrollment = storage.mfa().find(member.id()).filter(TotpEnrollment::confirmed);
        if (enrollment.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong step = Totp.match(
                open(enrollment.get()), typed, clock.instant(), enrollment.get().lastUsedStep());
        if (step.isPresent()) {
            return storage.mfa().spendStep(member.id(), step.getAsLong()) ? Optional.of(Factor.TOTP) : Optional.empty();
        }
        Optional<String> hash = RecoveryCodes.hash(typed);
        if (hash.isPresent() && storage.mfa().spendRecoveryCode(member.id(), hash.get(), clock.instant())) {
            return Optional.of(Factor.RECOVERY_CODE);
        }
        return Optional.empty();
    }

    /**
     * Turns off the person's own MFA, proven with a code of the authenticator or a recovery code, and records
     * {@code auth.mfa.disable}; a wrong code changes and records nothing.
     *
     * @return whether MFA was on and is now off
     */
    public boolean disableOwn(Principal self, Member member, String code) {
        self.requireNotImpersonating(member.id(), "turn off the second factor");
        if (check(member, code).isEmpty()) {
            return false;
        }
        return storage.inTransaction(tx -> {
            if (!tx.mfa().remove(member.id())) {
                return false;
            }
            recorder.record(
                    tx, self, "auth.mfa.disable", target(member), Outcome.SUCCESS, disabled(member, "self", null));
            return true;
        });
    }

    /**
     * Turns off another member's MFA — their authenticator and their passkeys — for one who lost their devices and
     * their recovery codes: owners and admins may, for members who are not owners; owners for owners. Recorded as
     * {@code auth.mfa.disable} (one event per method); a refusal
     * is recorded with outcome {@code failure} and thrown.
     *
     * @return whether MFA was on and is now off
     * @throws NotFoundException if the organization has no such member
     * @throws ForbiddenException if the principal may not; recorded
     */
    public boolean disableFor(Principal principal, String memberId) {
        principal.requireNotImpersonating(memberId, "turn off the second factor");
        record Done(boolean removed, @Nullable ForbiddenException refused) {}
        Done done = storage.inTransaction(tx -> {
            OrganizationId org = principal.organization();
            if (tx.organizations().findForUpdate(org).isEmpty()) {
                throw new NotFoundException("organization", org.value());
            }
            Member member = tx.members()
                    .find(memberId)
                    .filter(m -> org.equals(m.organization()))
                    .orElseThrow(() -> new NotFoundException("member", memberId));
            ForbiddenException refused = null;
            if (!principal.may(Permission.MEMBERS_MANAGE)) {
                refused = ForbiddenException.missing(principal, Permission.MEMBERS_MANAGE);
            } else if (member.role() == Role.OWNER && !principal.may(Permission.OWNERS_MANAGE)) {
                refused = new ForbiddenException("owner-only", "only an owner may turn off an owner's MFA");
            }
            boolean removed = refused == null && tx.mfa().remove(member.id());
            int passkeys = refused == null ? tx.passkeys().removeAll(member.id()) : 0;
            if (passkeys > 0) {
                recorder.record(
                        tx,
                        principal,
                        "auth.mfa.disable",
                        target(member),
                        Outcome.SUCCESS,
                        Passkeys.removedByAdmin(member, passkeys));
            }
            if (refused != null || removed) {
                recorder.record(
                        tx,
                        principal,
                        "auth.mfa.disable",
                        target(member),
                        refused == null ? Outcome.SUCCESS : Outcome.FAILURE,
                        disabled(member, "admin", refused));
            }
            return new Done(removed || passkeys > 0, refused);
        });
        if (done.refused() != null) {
            throw done.refused();
        }
        return done.removed();
    }

    private static Map<String, Object> disabled(Member member, String by, @Nullable ForbiddenException refused) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("method", TOTP);
        payload.put("email", member.email());
        payload.put("by", by);
        if (refused != null) {
            payload.put("reason", refused.code());
        }
        return payload;
    }

    private Setup setup(Member member, String issuer, byte[] key) {
        return new Setup(Totp.base32(key), Totp.uri(issuer, member.email(), key));
    }

    private byte[] open(TotpEnrollment enrollment) {
        try {
            return secrets.open(enrollment.sealedKey(), purpose(enrollment.memberId()));
        } catch (SecretBoxException e) {
            throw new IllegalStateException(
                    "the TOTP key of member " + enrollment.memberId() + " cannot be opened: " + e.getMessage());
        }
    }

    /** Binds a sealed key to its member: one member's sealed key copied to another's row does not open. */
    private static String purpose(String memberId) {
        return "totp-key:" + memberId;
    }

    private static Target target(Member member) {
        return new Target("user", member.id(), member.name());
    }
}
