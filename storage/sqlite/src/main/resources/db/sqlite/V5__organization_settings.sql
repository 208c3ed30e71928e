-- Whether every member of the organization must use MFA (DESIGN.md §7, org.requireMfa): 0 or 1.
ALTER TABLE organizations ADD COLUMN require_mfa INTEGER NOT NULL DEFAULT 0;
