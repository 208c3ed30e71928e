-- Directory sync over SCIM 2.0 (RFC 7644; issue 13, docs/adr/0011): the directories' bearer tokens and the role the
-- people they provision are given. A revoked token keeps its row (revoked_at), so that its id is never reused.
CREATE TABLE directory_tokens (
    id              TEXT    NOT NULL PRIMARY KEY,
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    provider        TEXT    NOT NULL,              -- okta, entra, …: the provider of auth.sso.deprovision
    token_hash      BLOB    NOT NULL UNIQUE,       -- SHA-256 of the token; the token is never stored
    token_prefix    TEXT    NOT NULL,              -- its first characters, to tell tokens apart
    manages_owners  INTEGER NOT NULL,              -- 1: its maker could change owners, so it may disable them
    created_at      INTEGER NOT NULL,              -- epoch microseconds
    revoked_at      INTEGER
) STRICT;
CREATE INDEX directory_tokens_organization ON directory_tokens (organization_id);

-- One row per organization that chose the role its directory's people join with; none means member.
CREATE TABLE directory_settings (
    organization_id   TEXT    NOT NULL PRIMARY KEY REFERENCES organizations (id),
    provisioning_role TEXT    NOT NULL,            -- admin, auditor or member; never owner
    updated_at        INTEGER NOT NULL             -- epoch microseconds
) STRICT;
