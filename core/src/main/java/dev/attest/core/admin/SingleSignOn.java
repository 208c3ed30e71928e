package dev.attest.core.admin;

import dev.attest.core.account.SecretBox;
import dev.attest.core.account.SecretBoxException;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.store.SsoSettings;
import dev.attest.core.store.Storage;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An organization's single sign-on with OpenID Connect (docs/adr/0014): its settings — provider, client, email
 * domains, just-in-time membership, "require SSO" — with the client secret sealed by the installation's
 * {@link SecretBox} and never returned, and what a sign-in needs of them. Changing the settings is no catalog action,
 * so nothing is recorded; the sign-ins are (by the console). Thread-safe.
 */
public final class SingleSignOn {
    /** An email domain: lower-case DNS labels, at least two. */
    public static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /** How many email domains an organization may list. */
    public static final int MAX_DOMAINS = 20;

    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final Storage storage;
    private final SecretBox secrets;
    private final Clock clock;
    private final IdGenerator ids;

    public SingleSignOn(Storage storage, SecretBox secrets, Clock clock) {
        this.storage = storage;
        this.secrets = secrets;
        this.clock = clock;
        this.ids = new IdGenerator(clock);
    }

    /**
     * A change of the settings: each {@code null} field stays as it is.
     *
     * @param clearProvider whether to remove issuer, client id and secret (SSO off; {@code required} must then be
     *     false), instead of the three fields given
     */
    public record Change(
            @Nullable String issuer,
            @Nullable String clientId,
            @Nullable String clientSecret,
            @Nullable List<String> emailDomains,
            @Nullable Boolean justInTime,
            @Nullable Boolean required,
            boolean clearProvider) {}

    /**
     * The organization's settings, the client secret still sealed.
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_READ}
     */
    public SsoSettings settings(Principal principal) {
        principal.require(Permission.MEMBERS_READ);
        return storage.directory().ssoSettings(principal.organization());
    }

    /**
     * Applies a change, the whole of it or nothing.
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_MANAGE} and {@link Permission#API_ACCESS_MANAGE}
     * @throws InvalidChangeException for a malformed field, or {@code required} without a complete provider
     * @throws ConflictException when another organization lists one of the email domains
     */
    public SsoSettings change(Principal principal, Change change) {
        principal.require(Permission.MEMBERS_MANAGE);
        principal.require(Permission.API_ACCESS_MANAGE);
        OrganizationId org = principal.organization();
        String issuer = change.issuer();
        String clientId = change.clientId();
        String secret = change.clientSecret();
        List<String> given = change.emailDomains();
        if (issuer != null) {
            Optional<String> wrong = issuerError(issuer);
            if (wrong.isPresent()) {
                throw new InvalidChangeException("/issuer", wrong.get());
            }
        }
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidChangeException(
                    "/client_id", "client_id must be 1 to 255 visible ASCII characters, as the provider issued it");
        }
        if (secret != null && (secret.isEmpty() || secret.length() > 1000)) {
            throw new InvalidChangeException("/client_secret", "client_secret must be 1 to 1000 characters");
        }
        List<String> domains = given == null ? null : domains(given);
        return storage.inTransaction(tx -> {
            ApiKeyAdministration.lock(tx, org);
            SsoSettings now = tx.directory().ssoSettings(org);
            String sealed = secret == null
                    ? now.sealedClientSecret()
                    : secrets.seal(secret.getBytes(StandardCharsets.UTF_8), purpose(org));
            var next = change.clearProvider()
                    ? new SsoSettings(
                            null,
                            null,
                            null,
                            domains == null ? now.emailDomains() : domains,
                            orElse(change.justInTime(), now.justInTime()),
                            orElse(change.required(), now.required()))
                    : new SsoSettings(
                            issuer == null ? now.issuer() : issuer,
                            clientId == null ? now.clientId() : clientId,
                            sealed,
                            domains == null ? now.emailDomains() : domains,
                            orElse(change.justInTime(), now.justInTime()),
                            orElse(change.required(), now.required()));
            if (next.required() && !next.configured()) {
                throw new InvalidChangeException(
                        "/require_sso",
                        "require_sso needs issuer, client_id and client_secret first: otherwise nobody could sign in");
            }
            for (String domain : next.emailDomains()) {
                Optional<OrganizationId> holder = tx.directory().organizationOfDomain(domain);
                if (holder.isPresent() && !holder.get().equals(org)) {
                    throw new ConflictException("the email domain " + domain
                            + " signs in to another organization of this installation: a domain leads to one");
                }
            }
            tx.directory().setSsoSettings(org, next, clock.instant());
            return next;
        });
    }

    /** The organization whose SSO takes this email address, by its domain. */
    public Optional<OrganizationId> organizationOf(String email) {
        int at = email.lastIndexOf('@');
        if (at < 0 || at == email.length() - 1) {
            return Optional.empty();
        }
        return storage.directory()
                .organizationOfDomain(email.substring(at + 1).strip().toLowerCase(Locale.ROOT));
    }

    /** The settings of an organization, for a sign-in (no permission: nobody is signed in yet). */
    public SsoSettings settingsOf(OrganizationId organization) {
        return storage.directory().ssoSettings(organization);
    }

    /** Whether the organization's members must sign in through SSO. */
    public boolean required(OrganizationId organization) {
        return storage.directory().ssoSettings(organization).required();
    }

    /**
     * The organization's client secret, opened.
     *
     * @throws SecretBoxException when it does not open (the installation's secret key changed): set it again
     */
    public String clientSecret(OrganizationId organization, SsoSettings settings) throws SecretBoxException {
        String sealed = settings.sealedClientSecret();
        if (sealed == null) {
            throw new SecretBoxException("no client secret is set");
        }
        return new String(secrets.open(sealed, purpose(organization)), StandardCharsets.UTF_8);
    }

    /**
     * Adds a person whom the organization's provider vouched for and the organization does not know yet, with its
     * provisioning role (never owner) and no password. The catalog has no event for joining (docs/adr/0011); their
     * sign-in is recorded.
     *
     * @throws ConflictException if a member (of any organization) has the email
     */
    public Member join(OrganizationId organization, String email, @Nullable String name) {
        String shown = name == null || name.isBlank() ? email.substring(0, email.indexOf('@')) : name.strip();
        return storage.inTransaction(tx -> {
            ApiKeyAdministration.lock(tx, organization);
            if (tx.members().findByEmail(email).isPresent()) {
                throw new ConflictException("a member with the email " + email + " exists already");
            }
            Role role = tx.directory().provisioningRole(organization).orElse(Role.MEMBER);
            var member = new Member(
                    "usr_" + ids.ulid(),
                    organization,
                    email,
                    shown.length() > 200 ? shown.substring(0, 200) : shown,
                    role == Role.OWNER ? Role.MEMBER : role,
                    false,
                    DirectorySync.NO_PASSWORD,
                    false,
                    clock.instant());
            tx.members().create(member);
            return member;
        });
    }

    /** What is wrong with an issuer URL, if anything. */
    public static Optional<String> issuerError(String issuer) {
        String rule = "issuer must be the provider's https URL without query or fragment, e.g."
                + " https://login.example.com/realm (http only for localhost)";
        if (issuer.length() > 2000) {
            return Optional.of(rule);
        }
        try {
            URI uri = new URI(issuer);
            String host = uri.getHost();
            boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
            if (host == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null
                    || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
                return Optional.of(rule);
            }
        } catch (URISyntaxException e) {
            return Optional.of(rule);
        }
        return Optional.empty();
    }

    /**
     * The email domains as given, stripped, in lower case, each once, in their order.
     *
     * @throws InvalidChangeException for one that is not a domain, or more than {@value #MAX_DOMAINS}
     */
    public static List<String> domains(List<String> given) {
        var out = new ArrayList<String>();
        for (int i = 0; i < given.size(); i++) {
            String domain = given.get(i).strip().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new InvalidChangeException(
                        "/email_domains/" + i,
                        "email_domains holds domains such as acme.example (letters, digits, '-', dots), not "
                                + (given.get(i).length() > 80 ? given.get(i).substring(0, 80) + "…" : given.get(i)));
            }
            if (!out.contains(domain)) {
                out.add(domain);
            }
        }
        if (out.size() > MAX_DOMAINS) {
            throw new InvalidChangeException(
                    "/email_domains", "email_domains holds at most " + MAX_DOMAINS + " domains");
        }
        return List.copyOf(out);
    }

    private static boolean orElse(@Nullable Boolean value, boolean otherwise) {
        return value == null ? otherwise : value;
    }

    private static String purpose(OrganizationId organization) {
        return "sso-client-secret:" + organization.value();
    }
}
