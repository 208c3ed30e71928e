-- Free-text search (q) through a pg_trgm GIN index of search_text, so that a rare term is found without reading the
-- organization's whole log (issue 14). Queries use search_text LIKE '%term%' (wildcards in the term escaped), which
-- gives the same rows as strpos() with or without the index; the index only changes the plan.
--
-- pg_trgm ships with PostgreSQL's contrib and is a trusted extension (PostgreSQL 13+): a database owner may create it.
-- An extension lives once per database, in one schema (perhaps another Attest schema's): its operator class is named
-- with that schema. Where it is not installed or not allowed, Attest still works and searches by scanning.
DO $$
DECLARE
    trgm_schema name;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN insufficient_privilege OR unique_violation OR duplicate_object THEN
            RAISE NOTICE 'pg_trgm was not created here (%); free-text search uses it if it exists, else scans', SQLERRM;
        END;
    END IF;
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        -- On the partitioned table: every partition, present and future, gets its own.
        EXECUTE format('CREATE INDEX IF NOT EXISTS events_search_trgm ON events USING gin (search_text %I.gin_trgm_ops)',
                       trgm_schema);
    END IF;
END
$$;
