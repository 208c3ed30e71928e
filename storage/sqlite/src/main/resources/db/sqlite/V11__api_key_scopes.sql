-- Several named API keys per organization, each with scopes (issue 13, DESIGN.md §7).
-- id names a key for its whole life (regeneration replaces key_hash, never id). SQLite cannot add a NOT NULL column
-- without a default, so it stays nullable here; every key written since this version has one.
ALTER TABLE api_keys ADD COLUMN id TEXT;
-- Keys that existed before this version keep working with every scope, as the one key of an organization did.
ALTER TABLE api_keys ADD COLUMN name TEXT NOT NULL DEFAULT 'Default key';
ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT 'events:write events:read admin'; -- space-separated
ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;  -- epoch microseconds, updated at most once a minute
ALTER TABLE api_keys ADD COLUMN last_used_ip TEXT;
-- An existing key's id comes from its hash, as the first key of an organization made from now on (the store's rule).
UPDATE api_keys SET id = 'key_' || lower(hex(substr(key_hash, 1, 8)));
CREATE UNIQUE INDEX api_keys_id ON api_keys (id);
