-- Developer apps: OAuth 2.0 confidential clients of the client credentials grant (RFC 6749 §4.4; issue 13).
-- A deleted app keeps its row (deleted_at), so that its id and client id are never reused.
CREATE TABLE apps (
    id              TEXT    NOT NULL PRIMARY KEY,
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    name            TEXT    NOT NULL,
    client_id       TEXT    NOT NULL UNIQUE,
    secret_hash     BLOB    NOT NULL,              -- SHA-256 of the client secret; the secret is never stored
    scopes          TEXT    NOT NULL,              -- space-separated, as in an OAuth scope string
    created_at      INTEGER NOT NULL,              -- epoch microseconds
    deleted_at      INTEGER
);
CREATE INDEX apps_organization ON apps (organization_id);

-- Access tokens issued to apps; short-lived, dropped when their app's secret is reset or the app is deleted.
CREATE TABLE app_tokens (
    token_hash  BLOB    NOT NULL PRIMARY KEY,      -- SHA-256 of the token; the token is never stored
    app_id      TEXT    NOT NULL REFERENCES apps (id),
    scopes      TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL                   -- epoch microseconds
);
CREATE INDEX app_tokens_app ON app_tokens (app_id);
