-- Single sign-on with OpenID Connect (issue 13, docs/adr/0014): each organization's identity provider beside the role
-- its people join with, the email domains that lead to it, and the sign-ins sent to a provider and not yet back.
ALTER TABLE directory_settings
    ADD COLUMN sso_issuer        text,                           -- the provider's issuer URL
    ADD COLUMN sso_client_id     text,                           -- Attest's client id at the provider
    ADD COLUMN sso_client_secret text,                           -- sealed by the installation's SecretBox
    ADD COLUMN sso_just_in_time  boolean NOT NULL DEFAULT false, -- unknown people of the domains join
    ADD COLUMN sso_required      boolean NOT NULL DEFAULT false; -- no password sign-in for the members

-- A domain leads to one organization of the installation.
CREATE TABLE sso_domains (
    domain          text NOT NULL PRIMARY KEY,     -- lower case, e.g. acme.example
    organization_id text NOT NULL REFERENCES organizations (id)
);
CREATE INDEX sso_domains_organization ON sso_domains (organization_id);

-- Sign-ins on their way through a provider; a row is deleted when its callback spends it, or once expired.
CREATE TABLE sso_requests (
    state_hash      text        NOT NULL PRIMARY KEY, -- SHA-256 of the state parameter (hex); the state is not kept
    organization_id text        NOT NULL REFERENCES organizations (id),
    nonce           text        NOT NULL,             -- what the ID token's nonce claim must be
    code_verifier   text        NOT NULL,             -- PKCE (RFC 7636); sent only to the token endpoint
    next            text        NOT NULL,             -- the console path to open afterwards, '' for the landing page
    expires_at      timestamptz NOT NULL
);
