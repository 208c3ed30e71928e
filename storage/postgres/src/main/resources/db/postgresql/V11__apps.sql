-- Developer apps: OAuth 2.0 confidential clients of the client credentials grant (RFC 6749 §4.4; issue 13).
-- A deleted app keeps its row (deleted_at), so that its id and client id are never reused.
CREATE TABLE apps (
    id              text        NOT NULL PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organizations (id),
    name            text        NOT NULL,
    client_id       text        NOT NULL UNIQUE,
    secret_hash     bytea       NOT NULL,          -- SHA-256 of the client secret; the secret is never stored
    scopes          text        NOT NULL,          -- space-separated, as in an OAuth scope string
    created_at      timestamptz NOT NULL,
    deleted_at      timestamptz
);
CREATE INDEX apps_organization ON apps (organization_id);

-- Access tokens issued to apps; short-lived, dropped when their app's secret is reset or the app is deleted.
CREATE TABLE app_tokens (
    token_hash  bytea       NOT NULL PRIMARY KEY,  -- SHA-256 of the token; the token is never stored
    app_id      text        NOT NULL REFERENCES apps (id),
    scopes      text        NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX app_tokens_app ON app_tokens (app_id);
