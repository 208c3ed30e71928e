-- Where each console session started, for the account page's list of one's sessions (device and address).
-- NULL for sessions started before this version.
ALTER TABLE sessions ADD COLUMN ip TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
