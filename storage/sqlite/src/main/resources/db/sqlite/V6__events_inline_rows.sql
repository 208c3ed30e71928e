-- Version 5: events become an ordinary (rowid) table, so that a row and its leaf_data stay on one page.
--
-- Since version 4 a row holds the event's canonical bytes (leaf_data, ~640 bytes on average) beside its index
-- columns: ~1.1-1.3 KB. A WITHOUT ROWID table keeps at most ~1,000 bytes of a row on its B-tree page (a 4 KB page's
-- index-tree limit) and moves the rest to an overflow page of its own, so nearly every event took a whole extra 4 KB
-- page: 5 KB per event on disk, a random read per row of a page, and an extra page written per event
-- (docs/adr/0004-write-path-checkpoints-and-id-lookups.md). A rowid table keeps rows of up to ~4 KB on the page.
-- Rows are stored in the order they were appended; (organization_id, seq) stays unique through its index.
CREATE TABLE events_v5 (
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
    search_text     TEXT    NOT NULL,          -- lower-cased actor name, actor email, target name and action, for q
    leaf_hash       BLOB,                      -- RFC 9162 leaf hash of leaf_data
    leaf_data       BLOB    NOT NULL,          -- the event's RFC 8785 canonical bytes, as hashed and as served (ADR 0002)
    PRIMARY KEY (organization_id, seq)
) STRICT;

INSERT INTO events_v5 (organization_id, seq, id, action, category, critical, occurred_at, received_at, actor_type,
                       actor_id, actor_name, actor_email, actor_role, target_type, target_id, target_name, outcome,
                       workspace, ip, user_agent, request_id, search_text, leaf_hash, leaf_data)
SELECT organization_id, seq, id, action, category, critical, occurred_at, received_at, actor_type, actor_id,
       actor_name, actor_email, actor_role, target_type, target_id, target_name, outcome, workspace, ip, user_agent,
       request_id, search_text, leaf_hash, leaf_data
FROM events
ORDER BY organization_id, seq;

DROP TABLE events;
ALTER TABLE events_v5 RENAME TO events;

-- Idempotency: an event id is stored once per organization.
CREATE UNIQUE INDEX events_id ON events (organization_id, id);

-- One index per filter of the query API, each ending in (occurred_at, seq) so that a page is read in order, newest
-- first, without sorting. (In the WITHOUT ROWID table seq came with the primary key; here it must be named.)
CREATE INDEX events_time        ON events (organization_id, occurred_at, seq);
CREATE INDEX events_action      ON events (organization_id, action, occurred_at, seq);
CREATE INDEX events_category    ON events (organization_id, category, occurred_at, seq);
CREATE INDEX events_actor_type  ON events (organization_id, actor_type, occurred_at, seq);
CREATE INDEX events_actor_id    ON events (organization_id, actor_id, occurred_at, seq) WHERE actor_id IS NOT NULL;
CREATE INDEX events_actor_email ON events (organization_id, actor_email, occurred_at, seq) WHERE actor_email IS NOT NULL;
CREATE INDEX events_target_type ON events (organization_id, target_type, occurred_at, seq) WHERE target_type IS NOT NULL;
CREATE INDEX events_target_id   ON events (organization_id, target_id, occurred_at, seq) WHERE target_id IS NOT NULL;
CREATE INDEX events_outcome     ON events (organization_id, outcome, occurred_at, seq);
CREATE INDEX events_workspace   ON events (organization_id, workspace, occurred_at, seq);
CREATE INDEX events_critical    ON events (organization_id, critical, occurred_at, seq);
