-- Whether every member of the organization must use MFA (DESIGN.md §7, org.requireMfa).
ALTER TABLE organizations ADD COLUMN require_mfa boolean NOT NULL DEFAULT false;
