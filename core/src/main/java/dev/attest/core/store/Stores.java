package dev.attest.core.store;

/**
 * The stores of one backend. {@link Storage} hands out stores that each run their own statements;
 * {@link Transaction} hands out stores that all run inside one transaction. A new store is added here once and is
 * then reachable both ways.
 */
public interface Stores {
    EventStore events();

    OrganizationStore organizations();

    CheckpointStore checkpoints();

    MemberStore members();

    SessionStore sessions();

    InvitationStore invitations();

    PasswordResetStore passwordResets();

    OutboxStore outbox();

    MfaStore mfa();

    PasskeyStore passkeys();

    RateLimitStore rateLimits();

    ApiKeyStore apiKeys();

    AppStore apps();

    GroupStore groups();

    WorkspaceStore workspaces();

    DirectoryStore directory();

    ViewerStore viewers();
}
