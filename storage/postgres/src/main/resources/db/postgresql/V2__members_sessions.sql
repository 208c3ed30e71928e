-- People who sign in to the console: members of one organization, or super-users of the installation
-- (organization_id NULL). Passwords are stored as Argon2id hashes only.
CREATE TABLE members (
    id              text        NOT NULL PRIMARY KEY,
    organization_id text        REFERENCES organizations (id),
    email           text        NOT NULL,
    name            text        NOT NULL,
    role            text,
    super_user      boolean     NOT NULL,
    password_hash   text        NOT NULL,
    disabled        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX members_email ON members (lower(email));
CREATE INDEX members_organization ON members (organization_id);

-- Console sessions by the SHA-256 of their token; the token itself lives only in the browser's cookie.
CREATE TABLE sessions (
    token_hash   text        NOT NULL PRIMARY KEY,
    member_id    text        NOT NULL REFERENCES members (id),
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX sessions_member ON sessions (member_id);
