-- A vendor's customers reading their organization's log (issue 15, docs/adr/0015).
-- One row per credential: a portal link (single use, 5 minutes), the portal session it starts (8 hours at most), or a
-- viewer token of the embedded viewer. Each carries the viewer the vendor vouched for and the restrictions of what they
-- see; the secret is never stored, only its SHA-256.
CREATE TABLE viewer_grants (
    token_hash      text        NOT NULL PRIMARY KEY, -- SHA-256 of the secret, lower-case hex
    id              text        NOT NULL UNIQUE,      -- plk_… (link), pss_… (session), vtk_… (token): named in the log
    organization_id text        NOT NULL REFERENCES organizations (id),
    kind            text        NOT NULL,             -- link, session or token
    viewer_id       text        NOT NULL,             -- as the vendor vouched for them
    viewer_email    text,
    viewer_name     text,
    workspaces      text        NOT NULL,             -- space-separated; empty: every workspace
    actions         text        NOT NULL,             -- space-separated; empty: every action
    categories      text        NOT NULL,             -- space-separated; empty: every category
    since           timestamptz,                      -- inclusive lower bound of occurred_at
    until           timestamptz,                      -- exclusive upper bound of occurred_at
    export_allowed  boolean     NOT NULL,             -- the viewer may export what they see
    csrf_token      text,                             -- a session's forms' token
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,                      -- when a link was opened; set once
    source          text                              -- a session's link id
);
CREATE INDEX viewer_grants_organization ON viewer_grants (organization_id);

-- The origins (scheme://host[:port]) each organization lets the embedded viewer be used from (CORS).
CREATE TABLE viewer_origins (
    organization_id text        NOT NULL REFERENCES organizations (id),
    origin          text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, origin)
);

-- Keys and apps that held every scope keep holding every scope, portal included.
UPDATE api_keys SET scopes = scopes || ' portal' WHERE scopes = 'events:write events:read admin';
UPDATE apps SET scopes = scopes || ' portal' WHERE scopes = 'events:write events:read admin';
