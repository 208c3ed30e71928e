-- Attempts at guessing secrets (passwords, second factors, reset requests) in fixed windows, shared by every server
-- process: one upsert per attempt. limit_key names what is counted, e.g. "e:<email>" or "a:<address>".
CREATE TABLE rate_limits (
    limit_key    TEXT    NOT NULL PRIMARY KEY,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_limits_window_start ON rate_limits (window_start);
