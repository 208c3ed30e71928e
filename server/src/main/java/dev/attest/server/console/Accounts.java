package dev.attest.server.console;

import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Organization;
import dev.attest.core.store.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Creates the people who sign in, and the installation's own organization, whose log records what happens outside
 * any organization (a super-user signing in, a sign-in with an unknown email).
 */
public final class Accounts {
    /** The installation's own organization. */
    public static final OrganizationId INSTALLATION = new OrganizationId("org_installation");

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final Storage storage;
    private final Clock clock;
    private final IdGenerator ids;
    private final SecureRandom random = new SecureRandom();

    public Accounts(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        this.ids = new IdGenerator(clock);
    }

    /** A created account and its password, shown this once. */
    public record Created(Member member, String password) {}

    /**
     * Adds a member to an organization with a generated password.
     *
     * @throws IllegalArgumentException if the organization does not exist or the email is malformed or taken
     */
    public Created createMember(OrganizationId organization, String email, @Nullable String name, Role role) {
        if (storage.organizations().find(organization).isEmpty()) {
            throw new IllegalArgumentException("organization " + organization + " not found");
        }
        return create(organization, email, name, role, false, null);
    }

    /**
     * Makes sure a super-user exists, and the installation's organization with it.
     *
     * @param password the super-user's password, or {@code null} to generate one
     * @return the super-user created now, or {@code null} if one existed
     */
    public @Nullable Created ensureSuperUser(String email, @Nullable String password) {
        ensureInstallation();
        if (storage.members().hasSuperUser()) {
            return null;
        }
        return create(null, email, "Super-user", null, true, password);
    }

    /** Creates the installation's organization if it does not exist. */
    public void ensureInstallation() {
        if (storage.organizations().find(INSTALLATION).isEmpty()) {
            // Its API key is never shown: nobody sends events to it; its log is read in the console.
            ApiKey unused = ApiKey.generate(random);
            storage.organizations()
                    .create(
                            new Organization(INSTALLATION, "Attest installation", clock.instant()),
                            unused.hash(),
                            unused.displayPrefix());
        }
    }

    private Created create(
            @Nullable OrganizationId organization,
            String email,
            @Nullable String name,
            @Nullable Role role,
            boolean superUser,
            @Nullable String password) {
        String address = email.strip();
        if (!EMAIL.matcher(address).matches() || address.length() > 320) {
            throw new IllegalArgumentException("email must be an email address, not " + email);
        }
        String chosen = password != null ? password : Passwords.generate(random);
        if (chosen.length() < Passwords.MIN_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + Passwords.MIN_LENGTH + " characters");
        }
        var member = new Member(
                "usr_" + ids.ulid(),
                organization,
                address,
                name == null || name.isBlank() ? address.substring(0, address.indexOf('@')) : name.strip(),
                role,
                superUser,
                Passwords.hash(chosen),
                false,
                clock.instant());
        try {
            storage.members().create(member);
        } catch (IllegalStateException taken) {
            throw new IllegalArgumentException(taken.getMessage(), taken);
        }
        return new Created(member, chosen);
    }
}
