-- Invitations into an organization (DESIGN.md §7): a single-use link valid 7 days, stored as the SHA-256 (hex) of its
-- token only. status: pending, accepted or revoked; a state change is conditional on 'pending'.
CREATE TABLE invitations (
    id              text    NOT NULL PRIMARY KEY,
    organization_id text    NOT NULL REFERENCES organizations (id),
    email           text    NOT NULL,
    role            text    NOT NULL,
    -- Ids of the groups the person joins on accepting, separated by single spaces; '' for none.
    group_ids       text    NOT NULL,
    -- The inviter's actor id: a member id or an API key's display prefix.
    invited_by      text    NOT NULL,
    token_hash      text    NOT NULL UNIQUE,
    status          text    NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    -- The member the invitation became once accepted.
    member_id       text    REFERENCES members (id)
);
CREATE INDEX invitations_organization ON invitations (organization_id, created_at);

-- Password resets by emailed link: single use (the row is deleted when used), valid 30 minutes; the token's SHA-256
-- (hex) only.
CREATE TABLE password_resets (
    token_hash text    NOT NULL PRIMARY KEY,
    member_id  text    NOT NULL REFERENCES members (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX password_resets_member ON password_resets (member_id);

-- Mail kept for the super-users of an installation without SMTP (ATTEST_SMTP_URL unset): read in the console or with
-- `attest mail`. With SMTP configured nothing is written here, so no link is stored in clear.
CREATE TABLE outbox (
    id         text    NOT NULL PRIMARY KEY,
    recipient  text    NOT NULL,
    subject    text    NOT NULL,
    body       text    NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX outbox_created ON outbox (created_at);
