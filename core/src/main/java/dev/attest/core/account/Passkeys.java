package dev.attest.core.account;

import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.Recorder;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Member;
import dev.attest.core.member.Passkey;
import dev.attest.core.store.Storage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A person's passkeys (docs/adr/0012), once the WebAuthn ceremony has been checked by the server: keeping one
 * (recorded as {@code auth.mfa.enable}, method {@code webauthn}), removing one ({@code auth.mfa.disable}), the
 * single-use challenges of the ceremonies, and the signature counter of each use. No WebAuthn parsing here: the
 * server checks the authenticator's answers and hands over what they proved. Thread-safe.
 */
public final class Passkeys {
    /** The method named in the events' payloads. */
    public static final String WEBAUTHN = "webauthn";

    /** How long a challenge may be answered. */
    public static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);

    /** The longest name of a passkey. */
    public static final int MAX_NAME = 64;

    private final Storage storage;
    private final Recorder recorder;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Passkeys(Storage storage, Recorder recorder, Clock clock) {
        this.storage = storage;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** What a ceremony's challenge may be spent for. */
    public enum Purpose {
        /** Adding a passkey to a signed-in member's account. */
        REGISTER("register"),
        /** The second step of a sign-in whose password was right. */
        SECOND_FACTOR("second-factor"),
        /** A sign-in with a passkey alone. */
        SIGN_IN("sign-in");

        private final String wire;

        Purpose(String wire) {
            this.wire = wire;
        }
    }

    /**
     * A new challenge of 32 random bytes, kept (as its hash) for {@link #CHALLENGE_TTL} for this purpose and party.
     *
     * @param boundTo who asks (a digest of their session, pending sign-in or sign-in form): only they may spend it
     */
    public byte[] challenge(Purpose purpose, String boundTo) {
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        var now = clock.instant();
        storage.passkeys().issueChallenge(hash(challenge), purpose.wire, boundTo, now.plus(CHALLENGE_TTL), now);
        return challenge;
    }

    /** Spends a challenge: {@code true} once, for the purpose and party it was made for, within its time. */
    public boolean spend(byte[] challenge, Purpose purpose, String boundTo) {
        return storage.passkeys().spendChallenge(hash(challenge), purpose.wire, boundTo, clock.instant());
    }

    /** The member's passkeys, oldest first. */
    public List<Passkey> list(String memberId) {
        return storage.passkeys().list(memberId);
    }

    /** The passkey with this credential id (Base64url), of whichever member. */
    public Optional<Passkey> find(String credentialId) {
        return storage.passkeys().find(credentialId);
    }

    /** The ids of the organization's members who have a passkey. */
    public Set<String> enrolled(OrganizationId organization) {
        return storage.passkeys().enrolled(organization);
    }

    /**
     * Keeps a passkey whose registration was checked, and records {@code auth.mfa.enable} (method {@code webauthn},
     * the passkey's name) in the same transaction.
     *
     * @throws ConflictException if the credential is registered already (to anyone)
     */
    public Passkey register(
            Principal self, Member member, String credentialId, String name, String credentialData, long signCount) {
        var passkey = new Passkey(credentialId, member.id(), name, credentialData, signCount, clock.instant(), null);
        boolean added = storage.inTransaction(tx -> {
            if (!tx.passkeys().add(passkey)) {
                return false;
            }
            var payload = new LinkedHashMap<String, Object>();
            payload.put("method", WEBAUTHN);
            payload.put("passkey", name);
            recorder.record(tx, self, "auth.mfa.enable", target(member), Outcome.SUCCESS, payload);
            return true;
        });
        if (!added) {
            throw new ConflictException("this passkey is registered already");
        }
        return passkey;
    }

    /**
     * Removes one of the person's own passkeys and records {@code auth.mfa.disable} (method {@code webauthn}, the
     * passkey's name, how many passkeys are left) in the same transaction.
     *
     * @return whether the member had that passkey
     */
    public boolean remove(Principal self, Member member, String credentialId) {
        return storage.inTransaction(tx -> {
            Optional<Passkey> passkey =
                    tx.passkeys().find(credentialId).filter(p -> p.memberId().equals(member.id()));
            if (passkey.isEmpty() || !tx.passkeys().remove(member.id(), credentialId)) {
                return false;
            }
            var payload = new LinkedHashMap<String, Object>();
            payload.put("method", WEBAUTHN);
            payload.put("email", member.email());
            payload.put("by", "self");
            payload.put("passkey", passkey.get().name());
            payload.put("remaining", (long) tx.passkeys().list(member.id()).size());
            recorder.record(tx, self, "auth.mfa.disable", target(member), Outcome.SUCCESS, payload);
            return true;
        });
    }

    /**
     * Records a use of a passkey whose signature was checked: its signature counter must move forward (WebAuthn L3
     * §6.1.1), unless the authenticator keeps none (both zero). A counter that went back or stayed means a cloned
     * authenticator or a replayed answer, and is refused; so is a use that lost the race to a concurrent one.
     *
     * @return whether the use is accepted
     */
    public boolean use(Passkey passkey, long signCount) {
        boolean counts = signCount != 0 || passkey.signCount() != 0;
        if (counts && signCount <= passkey.signCount()) {
            return false;
        }
        return storage.passkeys().use(passkey.credentialId(), passkey.signCount(), signCount, clock.instant());
    }

    private static String hash(byte[] challenge) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(challenge));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Target target(Member member) {
        return new Target("user", member.id(), member.name());
    }

    static Map<String, Object> removedByAdmin(Member member, int count) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("method", WEBAUTHN);
        payload.put("email", member.email());
        payload.put("by", "admin");
        payload.put("passkeys", (long) count);
        return payload;
    }
}
