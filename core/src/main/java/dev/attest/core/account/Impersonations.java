package dev.attest.core.account;

import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.InvalidChangeException;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.Recorder;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Impersonation;
import dev.attest.core.member.Member;
import dev.attest.core.store.Storage;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * A super-user acting as a member of an organization, for support: started with a reason, recorded as
 * {@code auth.impersonate} in the organization's log in the transaction that starts it, held by the super-user's own
 * session for at most {@link Impersonation#LIMIT}. While it lasts every event the member's principal records names the
 * super-user ({@link Principal#impersonatedBy}). Another super-user cannot be impersonated; the refusal is recorded.
 * Thread-safe.
 */
public final class Impersonations {
    /** The longest reason kept, in characters. */
    public static final int REASON_MAX = 500;

    private final Storage storage;
    private final Recorder recorder;
    private final Clock clock;

    public Impersonations(Storage storage, Recorder recorder, Clock clock) {
        this.storage = storage;
        this.recorder = recorder;
        this.clock = clock;
    }

    /**
     * Makes the super-user's session {@code sessionHash} act as {@code memberId} of {@code superUser.organization()}.
     *
     * @return the impersonation, ending an hour from now
     * @throws ForbiddenException ({@code super-user-only}) unless the principal is a super-user acting as themselves;
     *     ({@code super-user}) for another super-user, recorded as a failure
     * @throws InvalidChangeException ({@code /reason}) without a reason, or with one over {@link #REASON_MAX}
     * @throws NotFoundException if the organization has no such member
     * @throws ConflictException for a disabled member, who cannot sign in and so cannot be acted as
     */
    public Impersonation start(Principal superUser, String sessionHash, String memberId, String reason) {
        if (superUser.type() != ActorType.SUPER_USER || superUser.impersonator() != null) {
            throw new ForbiddenException("super-user-only", "only a super-user, acting as themselves, may impersonate");
        }
        String why = reason.strip();
        if (why.isEmpty()) {
            throw new InvalidChangeException("/reason", "reason is required: say why you act as this member");
        }
        if (why.length() > REASON_MAX) {
            throw new InvalidChangeException("/reason", "reason must be at most " + REASON_MAX + " characters");
        }
        Instant until = clock.instant().plus(Impersonation.LIMIT).truncatedTo(ChronoUnit.MILLIS);
        Optional<ForbiddenException> refused = storage.inTransaction(tx -> {
            OrganizationId org = superUser.organization();
            if (tx.organizations().findForUpdate(org).isEmpty()) {
                throw new NotFoundException("organization", org.value());
            }
            // A super-user belongs to no organization: asked for by id in any, they are refused, and it is recorded.
            Member member = tx.members()
                    .find(memberId)
                    .filter(m -> m.superUser() || org.equals(m.organization()))
                    .orElseThrow(() -> new NotFoundException("member", memberId));
            var payload = new LinkedHashMap<String, Object>();
            payload.put("email", member.email());
            payload.put("reason", why);
            if (member.superUser()) {
                var refusal = new ForbiddenException(
                        "super-user", "a super-user cannot be impersonated, not even by another super-user");
                payload.put("refused", refusal.code());
                recorder.record(tx, superUser, "auth.impersonate", target(member), Outcome.FAILURE, payload);
                return Optional.of(refusal);
            }
            if (member.disabled()) {
                throw new ConflictException("member " + memberId + " is disabled and cannot be impersonated");
            }
            if (!tx.sessions().impersonate(sessionHash, new Impersonation(member.id(), why, until))) {
                throw new NotFoundException("session", "current");
            }
            payload.put("until", until.toString());
            recorder.record(tx, superUser, "auth.impersonate", target(member), Outcome.SUCCESS, payload);
            return Optional.<ForbiddenException>empty();
        });
        if (refused.isPresent()) {
            throw refused.get();
        }
        return new Impersonation(memberId, why, until);
    }

    /**
     * Returns the session to its super-user.
     *
     * @return whether it was impersonating
     */
    public boolean stop(String sessionHash) {
        return storage.sessions().stopImpersonating(sessionHash);
    }

    private static Target target(Member member) {
        return new Target("user", member.id(), member.name());
    }
}
