-- Attest on PostgreSQL. The rules of the SQLite schema hold here too: log_size is the head of the organization's log
-- (the highest seq), bumped in the transaction that appends while it holds the organization's row lock, so seq stays
-- gap-free even with several Attest processes on one database. See docs/adr/0001-postgresql-partitioning.md.

CREATE TABLE organizations (
    id          text        NOT NULL PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    log_size    bigint      NOT NULL DEFAULT 0,
    log_root    bytea                               -- root of the Merkle tree at log_size; NULL: empty tree
);

-- API keys are stored as SHA-256 hashes only; the key itself is shown once and never stored.
CREATE TABLE api_keys (
    key_hash        bytea       NOT NULL PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organizations (id),
    key_prefix      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    revoked_at      timestamptz
);
CREATE INDEX api_keys_organization ON api_keys (organization_id);

-- One row per event. Partitioned by month of received_at: the server assigns it, so appends always land in the
-- newest partition and a partition is closed once its month is over (then it can be clustered, and retention drops
-- whole partitions). Never updated; never deleted except by retention.
--
-- No unique index spans partitions (PostgreSQL requires the partition key in every unique index of a partitioned
-- table). Uniqueness of (organization_id, seq) and (organization_id, id) across the table is kept by the append
-- protocol under the organization's row lock; each partition also has its own unique indexes on both, as a
-- second line of defence (see the ADR).
CREATE TABLE events (
    organization_id text        NOT NULL,
    seq             bigint      NOT NULL,
    id              text        NOT NULL,
    action          text        NOT NULL,
    category        text        NOT NULL,
    critical        boolean     NOT NULL,
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    actor_type      text        NOT NULL,
    actor_id        text,
    actor_name      text,
    actor_email     text,
    actor_role      text,
    target_type     text,
    target_id       text,
    target_name     text,
    outcome         text        NOT NULL,
    workspace       text        NOT NULL,
    ip              text,
    user_agent      text,
    request_id      text,
    payload         jsonb       NOT NULL,
    search_text     text        NOT NULL,   -- lower-cased actor name, actor email, target name and action, for q
    leaf_hash       bytea                   -- RFC 9162 leaf hash of the event's canonical bytes
) PARTITION BY RANGE (received_at);

-- Lookups by seq (scan, proofs' leaf hashes) and by id (idempotency) use each partition's unique indexes, created
-- with the partition by attest_ensure_events_partition below.

-- One index per filter of the query API, each ending in (occurred_at, seq) so that a page is read in order, newest
-- first, without sorting: a backward index scan per partition, merged.
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

-- Creates the partition of events for the month that contains `at` (UTC), with its partition-local unique indexes,
-- unless it exists. Attest calls it ahead of time (at start and daily, three months ahead) and before appending an
-- event whose month has no partition yet (imports of old installations).
CREATE FUNCTION attest_ensure_events_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    first_day timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    next_day  timestamptz := (date_trunc('month', at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    name      text        := 'events_' || to_char(at AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    IF to_regclass(quote_ident(name)) IS NOT NULL THEN
        RETURN name;
    END IF;
    -- Serialize creators (several Attest processes start at once); the second one finds the partition made.
    PERFORM pg_advisory_xact_lock(hashtext('attest_ensure_events_partition'));
    IF to_regclass(quote_ident(name)) IS NOT NULL THEN
        RETURN name;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', name, first_day, next_day);
    EXECUTE format('CREATE UNIQUE INDEX %I ON %I (organization_id, seq)', name || '_seq_key', name);
    EXECUTE format('CREATE UNIQUE INDEX %I ON %I (organization_id, id)', name || '_id_key', name);
    RETURN name;
END
$$;

-- Hashes of complete subtrees at levels 8, 16, 24 … (level 0 is events.leaf_hash). Never updated. One row per 256
-- events: small enough not to need partitions.
CREATE TABLE tree_nodes (
    organization_id text    NOT NULL,
    level           integer NOT NULL,
    idx             bigint  NOT NULL,
    hash            bytea   NOT NULL,
    PRIMARY KEY (organization_id, level, idx)
);

-- Signed checkpoints (C2SP signed notes of tlog-checkpoints). Never updated.
CREATE TABLE checkpoints (
    organization_id text        NOT NULL REFERENCES organizations (id),
    size            bigint      NOT NULL,
    root_hash       bytea       NOT NULL,
    note            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, size)
);
