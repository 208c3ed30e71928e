-- Single sign-on with OpenID Connect (issue 13, docs/adr/0014): each organization's identity provider beside the role
-- its people join with, the email domains that lead to it, and the sign-ins sent to a provider and not yet back.
ALTER TABLE directory_settings ADD COLUMN sso_issuer TEXT;              -- the provider's issuer URL
ALTER TABLE directory_settings ADD COLUMN sso_client_id TEXT;           -- Attest's client id at the provider
ALTER TABLE directory_settings ADD COLUMN sso_client_secret TEXT;       -- sealed by the installation's SecretBox
ALTER TABLE directory_settings ADD COLUMN sso_just_in_time INTEGER NOT NULL DEFAULT 0; -- 1: unknown people join
ALTER TABLE directory_settings ADD COLUMN sso_required INTEGER NOT NULL DEFAULT 0;     -- 1: no password sign-in

-- A domain leads to one organization of the installation.
CREATE TABLE sso_domains (
    domain          TEXT NOT NULL PRIMARY KEY,     -- lower case, e.g. acme.example
    organization_id TEXT NOT NULL REFERENCES organizations (id)
) STRICT;
CREATE INDEX sso_domains_organization ON sso_domains (organization_id);

-- Sign-ins on their way through a provider; a row is deleted when its callback spends it, or once expired.
CREATE TABLE sso_requests (
    state_hash      TEXT    NOT NULL PRIMARY KEY,  -- SHA-256 of the state parameter (hex); the state is not kept
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    nonce           TEXT    NOT NULL,              -- what the ID token's nonce claim must be
    code_verifier   TEXT    NOT NULL,              -- PKCE (RFC 7636); sent only to the token endpoint
    next            TEXT    NOT NULL,              -- the console path to open afterwards, '' for the landing page
    expires_at      INTEGER NOT NULL               -- epoch microseconds
) STRICT;
