-- Members' passkeys (WebAuthn, docs/adr/0012): a second factor, and a way to sign in without a password.
-- credential_id is the authenticator's credential id in Base64url (unique across the installation: an assertion
-- names it before Attest knows whose it is). credential_data is the attested credential data of the registration
-- (AAGUID, credential id, COSE public key) in Base64url: public, but bound to its member. sign_count is the last
-- signature counter seen (WebAuthn L3 §6.1.1); an assertion with a counter that does not move forward is refused.
CREATE TABLE member_passkeys (
    credential_id   TEXT    NOT NULL PRIMARY KEY,
    member_id       TEXT    NOT NULL REFERENCES members (id),
    name            TEXT    NOT NULL,
    credential_data TEXT    NOT NULL,
    sign_count      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    last_used_at    INTEGER
) STRICT;
CREATE INDEX member_passkeys_member ON member_passkeys (member_id);

-- Challenges of WebAuthn ceremonies, by the SHA-256 of the challenge: single use (spending deletes the row), short
-- lived, and bound to what asked for them (a session, a pending sign-in, a sign-in form) and to their purpose.
CREATE TABLE passkey_challenges (
    challenge_hash TEXT    NOT NULL PRIMARY KEY,
    purpose        TEXT    NOT NULL,
    bound_to       TEXT    NOT NULL,
    expires_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX passkey_challenges_expiry ON passkey_challenges (expires_at);
