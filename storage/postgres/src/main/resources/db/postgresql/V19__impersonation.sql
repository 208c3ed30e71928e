-- A super-user's console session acting as a member, for support (auth.impersonate): whom, why, and until when
-- (at most one hour). NULL when the session acts as its own member.
ALTER TABLE sessions ADD COLUMN acting_as text;
ALTER TABLE sessions ADD COLUMN acting_reason text;
ALTER TABLE sessions ADD COLUMN acting_until timestamptz;
