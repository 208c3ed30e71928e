-- attest_ensure_events_partition must succeed however many sessions call it at once for one month: several Attest
-- processes starting together on a fresh database, or many writers appending to a month that has no partition yet.
--
-- The version of V1 could fail with `relation "events_YYYY_MM" already exists`: after waiting for the advisory lock
-- its re-check still read the catalog as it was before the wait (taking an advisory lock does not process the
-- catalog invalidations that the other session's commit sent), so it created the partition a second time. Here
-- CREATE … IF NOT EXISTS decides instead: it locks the schema first, which brings the catalog up to date. And should
-- two sessions still meet in the catalog (one waits on the other's new pg_class row: 23505; or finds it made: 42P07),
-- the partition the other session committed, with its indexes, is there, and that is success too.
CREATE OR REPLACE FUNCTION attest_ensure_events_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    first_day timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    next_day  timestamptz := (date_trunc('month', at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    name      text        := 'events_' || to_char(at AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    -- The common case, without a lock: the partition was made months ago.
    IF to_regclass(quote_ident(name)) IS NOT NULL THEN
        RETURN name;
    END IF;
    -- Creators of partitions take turns; each creates only what is still missing.
    PERFORM pg_advisory_xact_lock(hashtext('attest_ensure_events_partition'));
    BEGIN
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                       name, first_day, next_day);
        EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS %I ON %I (organization_id, seq)', name || '_seq_key', name);
        EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS %I ON %I (organization_id, id)', name || '_id_key', name);
    EXCEPTION
        WHEN duplicate_table OR unique_violation THEN
            NULL;   -- another session created it at the same moment, in a transaction with its indexes
    END;
    RETURN name;
END
$$;
