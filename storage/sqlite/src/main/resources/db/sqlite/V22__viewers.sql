-- A vendor's customers reading their organization's log (issue 15, docs/adr/0015).
-- One row per credential: a portal link (single use, 5 minutes), the portal session it starts (8 hours at most), or a
-- viewer token of the embedded viewer. Each carries the viewer the vendor vouched for and the restrictions of what they
-- see; the secret is never stored, only its SHA-256.
CREATE TABLE viewer_grants (
    token_hash      TEXT    NOT NULL PRIMARY KEY,  -- SHA-256 of the secret, lower-case hex
    id              TEXT    NOT NULL UNIQUE,       -- plk_… (link), pss_… (session), vtk_… (token): named in the log
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    kind            TEXT    NOT NULL,              -- link, session or token
    viewer_id       TEXT    NOT NULL,              -- as the vendor vouched for them
    viewer_email    TEXT,
    viewer_name     TEXT,
    workspaces      TEXT    NOT NULL,              -- space-separated; empty: every workspace
    actions         TEXT    NOT NULL,              -- space-separated; empty: every action
    categories      TEXT    NOT NULL,              -- space-separated; empty: every category
    since           INTEGER,                       -- epoch microseconds, inclusive lower bound of occurred_at
    until           INTEGER,                       -- epoch microseconds, exclusive upper bound of occurred_at
    export_allowed  INTEGER NOT NULL,              -- 1: the viewer may export what they see
    csrf_token      TEXT,                          -- a session's forms' token
    created_at      INTEGER NOT NULL,              -- epoch microseconds
    expires_at      INTEGER NOT NULL,              -- epoch microseconds
    used_at         INTEGER,                       -- when a link was opened; set once
    source          TEXT                           -- a session's link id
) STRICT;
CREATE INDEX viewer_grants_organization ON viewer_grants (organization_id);

-- The origins (scheme://host[:port]) each organization lets the embedded viewer be used from (CORS).
CREATE TABLE viewer_origins (
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    origin          TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,              -- epoch microseconds
    PRIMARY KEY (organization_id, origin)
) STRICT;

-- Keys and apps that held every scope keep holding every scope, portal included.
UPDATE api_keys SET scopes = scopes || ' portal' WHERE scopes = 'events:write events:read admin';
UPDATE apps SET scopes = scopes || ' portal' WHERE scopes = 'events:write events:read admin';
