-- Members' second factor (DESIGN.md §7): one TOTP authenticator each, pending until a first code confirms it.
-- sealed_key is the key encrypted with AES-256-GCM under the installation's secret key, never the key itself.
-- last_used_step is the last RFC 6238 time step whose code was accepted (-1 before any): no code is accepted twice.
CREATE TABLE member_totp (
    member_id      TEXT    NOT NULL PRIMARY KEY REFERENCES members (id),
    sealed_key     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    confirmed_at   INTEGER,
    last_used_step INTEGER NOT NULL DEFAULT -1
) STRICT;

-- Single-use recovery codes by the SHA-256 of their normalized text; used_at is set when one is spent.
CREATE TABLE member_recovery_codes (
    member_id TEXT    NOT NULL REFERENCES members (id),
    code_hash TEXT    NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (member_id, code_hash)
) STRICT;
