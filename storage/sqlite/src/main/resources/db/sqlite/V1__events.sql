-- Organizations; log_size is the head of the organization's log (the highest seq), bumped in the same transaction
-- that appends, so seq stays gap-free.
CREATE TABLE organizations (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,              -- epoch microseconds
    log_size    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- API keys are stored as SHA-256 hashes only; the key itself is shown once and never stored.
CREATE TABLE api_keys (
    key_hash        BLOB    NOT NULL PRIMARY KEY,
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    key_prefix      TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER
) STRICT;
CREATE INDEX api_keys_organization ON api_keys (organization_id);

-- One row per event, clustered by (organization_id, seq): an organization's log is contiguous on disk.
-- Never updated; never deleted except by retention.
CREATE TABLE events (
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    seq             INTEGER NOT NULL,
    id              TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    critical        INTEGER NOT NULL,
    occurred_at     INTEGER NOT NULL,          -- epoch microseconds
    received_at     INTEGER NOT NULL,          -- epoch microseconds
    actor_type      TEXT    NOT NULL,
    actor_id        TEXT,
    actor_name      TEXT,
    actor_email     TEXT,
    actor_role      TEXT,
    target_type     TEXT,
    target_id       TEXT,
    target_name     TEXT,
    outcome         TEXT    NOT NULL,
    workspace       TEXT    NOT NULL,
    ip              TEXT,
    user_agent      TEXT,
    request_id      TEXT,
    payload         TEXT    NOT NULL,          -- JSON object
    search_text     TEXT    NOT NULL,          -- lower-cased actor name, actor email, target name and action, for q
    leaf_hash       BLOB,                      -- RFC 9162 leaf hash of the event's canonical bytes
    PRIMARY KEY (organization_id, seq)
) STRICT, WITHOUT ROWID;

-- Idempotency: an event id is stored once per organization.
CREATE UNIQUE INDEX events_id ON events (organization_id, id);

-- One index per filter of the query API, each ending in occurred_at so that a page is read in order, newest first,
-- without sorting (the primary key's seq is appended to every index of a WITHOUT ROWID table).
CREATE INDEX events_time        ON events (organization_id, occurred_at);
CREATE INDEX events_action      ON events (organization_id, action, occurred_at);
CREATE INDEX events_category    ON events (organization_id, category, occurred_at);
CREATE INDEX events_actor_type  ON events (organization_id, actor_type, occurred_at);
CREATE INDEX events_actor_id    ON events (organization_id, actor_id, occurred_at) WHERE actor_id IS NOT NULL;
CREATE INDEX events_actor_email ON events (organization_id, actor_email, occurred_at) WHERE actor_email IS NOT NULL;
CREATE INDEX events_target_type ON events (organization_id, target_type, occurred_at) WHERE target_type IS NOT NULL;
CREATE INDEX events_target_id   ON events (organization_id, target_id, occurred_at) WHERE target_id IS NOT NULL;
CREATE INDEX events_outcome     ON events (organization_id, outcome, occurred_at);
CREATE INDEX events_workspace   ON events (organization_id, workspace, occurred_at);
CREATE INDEX events_critical    ON events (organization_id, critical, occurred_at);
