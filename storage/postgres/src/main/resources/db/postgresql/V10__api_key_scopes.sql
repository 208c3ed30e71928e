-- Several named API keys per organization, each with scopes (issue 13, DESIGN.md §7).
-- id names a key for its whole life (regeneration replaces key_hash, never id).
ALTER TABLE api_keys ADD COLUMN id text;
-- An existing key's id comes from its hash, as the first key of an organization made from now on (the store's rule).
UPDATE api_keys SET id = 'key_' || encode(substring(key_hash FROM 1 FOR 8), 'hex');
ALTER TABLE api_keys ALTER COLUMN id SET NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_id UNIQUE (id);
-- Keys that existed before this version keep working with every scope, as the one key of an organization did.
ALTER TABLE api_keys ADD COLUMN name text NOT NULL DEFAULT 'Default key';
ALTER TABLE api_keys ADD COLUMN scopes text NOT NULL DEFAULT 'events:write events:read admin'; -- space-separated
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;  -- updated at most once a minute
ALTER TABLE api_keys ADD COLUMN last_used_ip text;
