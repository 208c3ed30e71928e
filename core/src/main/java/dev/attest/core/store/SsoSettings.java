package dev.attest.core.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An organization's single sign-on with OpenID Connect (docs/adr/0014): its identity provider, the client Attest is
 * registered as there, and who may sign in through it. Immutable.
 *
 * @param issuer the provider's issuer URL (its discovery document is at {@code issuer + /.well-known/openid-configuration}),
 *     or {@code null} while SSO is not set up
 * @param clientId the client id Attest has at the provider, or {@code null}
 * @param sealedClientSecret the client secret sealed by the installation's {@code SecretBox} (never the secret), or
 *     {@code null}
 * @param emailDomains the lower-case email domains whose people sign in through this provider; a domain belongs to one
 *     organization of the installation
 * @param justInTime whether a person of one of the domains whom the organization does not know yet joins, with the
 *     organization's provisioning role, at their first SSO sign-in
 * @param required whether the organization's members must sign in through SSO (password sign-in fails with reason
 *     {@code sso_required})
 */
public record SsoSettings(
        @Nullable String issuer,
        @Nullable String clientId,
        @Nullable String sealedClientSecret,
        List<String> emailDomains,
        boolean justInTime,
        boolean required) {
    /** What an organization has before anyone sets SSO up. */
    public static final SsoSettings NONE = new SsoSettings(null, null, null, List.of(), false, false);

    public SsoSettings {
        emailDomains = List.copyOf(emailDomains);
    }

    /** Whether sign-in through the provider can start: issuer, client id and secret are set. */
    public boolean configured() {
        return issuer != null && clientId != null && sealedClientSecret != null;
    }
}
