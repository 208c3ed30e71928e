-- People who sign in to the console: members of one organization, or super-users of the installation
-- (organization_id NULL). Passwords are stored as Argon2id hashes only.
CREATE TABLE members (
    id              TEXT    NOT NULL PRIMARY KEY,
    organization_id TEXT    REFERENCES organizations (id),
    email           TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    role            TEXT,
    super_user      INTEGER NOT NULL,
    password_hash   TEXT    NOT NULL,
    disabled        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX members_email ON members (lower(email));
CREATE INDEX members_organization ON members (organization_id);

-- Console sessions by the SHA-256 of their token; the token itself lives only in the browser's cookie.
CREATE TABLE sessions (
    token_hash   TEXT    NOT NULL PRIMARY KEY,
    member_id    TEXT    NOT NULL REFERENCES members (id),
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_member ON sessions (member_id);
