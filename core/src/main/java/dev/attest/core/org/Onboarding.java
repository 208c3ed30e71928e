package dev.attest.core.org;

import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.store.OrganizationStore;
import java.security.SecureRandom;
import java.time.Clock;

/** Creates organizations, each with a fresh API key that is returned once and stored only as a hash. */
public final class Onboarding {
    private final OrganizationStore organizations;
    private final Clock clock;
    private final IdGenerator ids;
    private final SecureRandom random = new SecureRandom();

    public Onboarding(OrganizationStore organizations, Clock clock) {
        this.organizations = organizations;
        this.clock = clock;
        this.ids = new IdGenerator(clock);
    }

    /** A new organization and the only copy of its API key. */
    public record Created(Organization organization, ApiKey apiKey) {}

    /**
     * Creates an organization named {@code name}.
     *
     * @throws IllegalArgumentException if the name is blank or longer than {@link Organization#MAX_NAME}
     */
    public Created create(String name) {
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > Organization.MAX_NAME) {
            throw new IllegalArgumentException(
                    "an organization name must have 1 to " + Organization.MAX_NAME + " characters");
        }
        OrganizationId id = ids.newOrganizationId();
        var organization = new Organization(id, trimmed, clock.instant());
        ApiKey key = ApiKey.generate(random);
        organizations.create(organization, key.hash(), key.displayPrefix());
        return new Created(organization, key);
    }
}
