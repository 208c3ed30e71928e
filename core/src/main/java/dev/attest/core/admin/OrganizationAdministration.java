package dev.attest.core.admin;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Permission;
import dev.attest.core.org.Organization;
import dev.attest.core.store.Storage;
import dev.attest.core.store.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The organization's own settings as its owners manage them: its name ({@code org.changeName}), whether it requires
 * MFA ({@code org.requireMfa}; the enforcement itself belongs to the account-security issue), and its deletion
 * ({@code org.delete}, owners only, confirmed by typing its name; ADR 0010). Each change is stored with its event in
 * one transaction; a refusal (an admin, an auditor, an API key …) is recorded with outcome {@code failure} and thrown
 * as {@link ForbiddenException}. Thread-safe.
 */
public final class OrganizationAdministration {
    private final Storage storage;
    private final Recorder recorder;
    private final Consumer<OrganizationId> deleted;

    public OrganizationAdministration(Storage storage, Recorder recorder) {
        this(storage, recorder, org -> {});
    }

    /**
     * @param deleted told of each organization once its deletion committed, so that what caches its credentials
     *     (the API key cache) forgets them at once
     */
    public OrganizationAdministration(Storage storage, Recorder recorder, Consumer<OrganizationId> deleted) {
        this.storage = storage;
        this.recorder = recorder;
        this.deleted = deleted;
    }

    /**
     * A change of the settings; {@code null} leaves a field as it is.
     *
     * @param name the new name, already validated ({@link #nameProblem})
     */
    public record SettingsChange(
            @Nullable String name, @Nullable Boolean requireMfa) {}

    /**
     * What is wrong with a proposed name, or empty when it is acceptable: 1 to {@value Organization#MAX_NAME}
     * characters, not blank, no control characters.
     */
    public static Optional<String> nameProblem(String name) {
        if (name.isBlank()) {
            return Optional.of("name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > Organization.MAX_NAME) {
            return Optional.of("name must be at most " + Organization.MAX_NAME + " characters");
        }
        if (name.chars().anyMatch(c -> Character.isISOControl(c))) {
            return Optional.of("name must not contain control characters");
        }
        return Optional.empty();
    }

    /** The organization as the principal may see it. */
    public Organization find(Principal principal) {
        return storage.organizations()
                .find(principal.organization())
                .orElseThrow(() -> new NotFoundException(
                        "organization", principal.organization().value()));
    }

    /**
     * Applies {@code change} and records one event per effective change, all in one transaction.
     *
     * @return the organization as it is now
     * @throws ForbiddenException without {@link Permission#ORG_MANAGE}; the refusal is recorded, nothing changes
     */
    public Organization change(Principal principal, SettingsChange change) {
        OrganizationId org = principal.organization();
        Optional<ForbiddenException> refusal = storage.inTransaction(tx -> {
            Organization current = locked(tx, org);
            String requested = change.name();
            String name = requested != null ? requested.strip() : null;
            String newName = (name != null && !name.equals(current.name())) ? name : null;
            Boolean mfa = change.requireMfa();
            Boolean newMfa = (mfa != null && mfa != current.requireMfa()) ? mfa : null;
            if (!principal.may(Permission.ORG_MANAGE)) {
                ForbiddenException refused = ForbiddenException.missing(principal, Permission.ORG_MANAGE);
                if (newName != null) {
                    recorder.record(
                            tx,
                            principal,
                            "org.changeName",
                            target(current, current.name()),
                            Outcome.FAILURE,
                            rename(current.name(), newName, refused));
                }
                if (newMfa != null) {
                    recorder.record(
                            tx,
                            principal,
                            "org.requireMfa",
                            target(current, current.name()),
                            Outcome.FAILURE,
                            requireMfa(current.requireMfa(), newMfa, refused));
                }
                return Optional.of(refused);
            }
            if (newName != null) {
                tx.organizations().rename(org, newName);
                recorder.record(
                        tx,
                        principal,
                        "org.changeName",
                        target(current, newName),
                        Outcome.SUCCESS,
                        rename(current.name(), newName, null));
            }
            if (newMfa != null) {
                tx.organizations().requireMfa(org, newMfa);
                recorder.record(
                        tx,
                        principal,
                        "org.requireMfa",
                        target(current, newName != null ? newName : current.name()),
                        Outcome.SUCCESS,
                        requireMfa(current.requireMfa(), newMfa, null));
            }
            return Optional.<ForbiddenException>empty();
        });
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        return find(principal);
    }

    /**
     * Deletes the organization, recording {@code org.delete} as its log's last event in the same transaction: the
     * event is appended first, then {@link dev.attest.core.store.OrganizationStore#delete} closes the organization
     * and every credential into it, so no append can follow. The log, checkpoints and tree stay (ADR 0010).
     *
     * @param confirmation what the person typed: must be the organization's current name exactly
     * @return the organization as it is now, deleted
     * @throws ForbiddenException without {@link Permission#ORG_DELETE} (only owners and super-users hold it; no API key
     *     scope grants it); the refusal is recorded, nothing changes
     * @throws InvalidChangeException ({@code /confirm}) when the confirmation is not the name; nothing is recorded
     * @throws ConflictException when the organization was deleted already
     */
    public Organization delete(Principal principal, String confirmation) {
        OrganizationId org = principal.organization();
        Optional<ForbiddenException> refusal = storage.inTransaction(tx -> {
            Organization current = locked(tx, org);
            if (current.deleted()) {
                throw new ConflictException("organization " + org.value() + " was deleted already");
            }
            if (!principal.may(Permission.ORG_DELETE)) {
                ForbiddenException refused = ForbiddenException.missing(principal, Permission.ORG_DELETE);
                recorder.record(
                        tx,
                        principal,
                        "org.delete",
                        target(current, current.name()),
                        Outcome.FAILURE,
                        Map.of("name", current.name(), "reason", refused.code()));
                return Optional.of(refused);
            }
            if (!confirmation.equals(current.name())) {
                throw new InvalidChangeException(
                        "/confirm",
                        "confirm must be the organization's name exactly as it is (" + current.name()
                                + "); it was not, so nothing was deleted");
            }
            recorder.record(
                    tx,
                    principal,
                    "org.delete",
                    target(current, current.name()),
                    Outcome.SUCCESS,
                    Map.of("name", current.name()));
            tx.organizations().delete(org, recorder.now());
            return Optional.<ForbiddenException>empty();
        });
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        deleted.accept(org);
        return find(principal);
    }

    /** The organization, its row locked until {@code tx} ends (changes of one organization take turns). */
    private static Organization locked(Transaction tx, OrganizationId org) {
        return tx.organizations()
                .findForUpdate(org)
                .orElseThrow(() -> new NotFoundException("organization", org.value()));
    }

    private static Target target(Organization organization, String name) {
        return new Target("organization", organization.id().value(), name);
    }

    private static Map<String, Object> rename(String from, String to, @Nullable ForbiddenException refused) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("from", from);
        payload.put("to", to);
        if (refused != null) {
            payload.put("reason", refused.code());
        }
        return payload;
    }

    private static Map<String, Object> requireMfa(boolean from, boolean to, @Nullable ForbiddenException refused) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("enabled", to);
        payload.put("from", from);
        payload.put("to", to);
        if (refused != null) {
            payload.put("reason", refused.code());
        }
        return payload;
    }
}
