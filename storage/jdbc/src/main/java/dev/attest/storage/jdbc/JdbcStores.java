package dev.attest.storage.jdbc;

import dev.attest.core.log.TreeAppender;
import dev.attest.core.store.ApiKeyStore;
import dev.attest.core.store.AppStore;
import dev.attest.core.store.CheckpointStore;
import dev.attest.core.store.DirectoryStore;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.GroupStore;
import dev.attest.core.store.InvitationStore;
import dev.attest.core.store.MemberStore;
import dev.attest.core.store.MfaStore;
import dev.attest.core.store.OrganizationStore;
import dev.attest.core.store.OutboxStore;
import dev.attest.core.store.PasskeyStore;
import dev.attest.core.store.PasswordResetStore;
import dev.attest.core.store.RateLimitStore;
import dev.attest.core.store.SessionStore;
import dev.attest.core.store.Transaction;
import dev.attest.core.store.ViewerStore;
import dev.attest.core.store.WorkspaceStore;
import org.jspecify.annotations.Nullable;

/**
 * Every store, over one {@link Handles}: pooled for {@link JdbcStorage}, one transaction's for
 * {@link dev.attest.core.store.Storage#inTransaction}. A new store is one field and one accessor here, and one in
 * {@link dev.attest.core.store.Stores}.
 */
class JdbcStores implements Transaction {
    private final EventStore events;
    private final OrganizationStore organizations;
    private final CheckpointStore checkpoints;
    private final MemberStore members;
    private final SessionStore sessions;
    private final InvitationStore invitations;
    private final PasswordResetStore passwordResets;
    private final OutboxStore outbox;
    private final MfaStore mfa;
    private final PasskeyStore passkeys;
    private final RateLimitStore rateLimits;
    private final ApiKeyStore apiKeys;
    private final AppStore apps;
    private final GroupStore groups;
    private final WorkspaceStore workspaces;
    private final DirectoryStore directory;
    private final ViewerStore viewers;

    JdbcStores(Handles handles, Dialect dialect, @Nullable TreeAppender trees) {
        this.events = new JdbcEventStore(handles, dialect, trees);
        this.organizations = new JdbcOrganizationStore(handles, dialect);
        this.checkpoints = new JdbcCheckpointStore(handles);
        this.members = new JdbcMemberStore(handles);
        this.sessions = new JdbcSessionStore(handles);
        this.invitations = new JdbcInvitationStore(handles);
        this.passwordResets = new JdbcPasswordResetStore(handles);
        this.outbox = new JdbcOutboxStore(handles);
        this.mfa = new JdbcMfaStore(handles);
        this.passkeys = new JdbcPasskeyStore(handles);
        this.rateLimits = new JdbcRateLimitStore(handles);
        this.apiKeys = new JdbcApiKeyStore(handles);
        this.apps = new JdbcAppStore(handles);
        this.groups = new JdbcGroupStore(handles);
        this.workspaces = new JdbcWorkspaceStore(handles);
        this.directory = new JdbcDirectoryStore(handles);
        this.viewers = new JdbcViewerStore(handles);
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public OrganizationStore organizations() {
        return organizations;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    @Override
    public MemberStore members() {
        return members;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public InvitationStore invitations() {
        return invitations;
    }

    @Override
    public PasswordResetStore passwordResets() {
        return passwordResets;
    }

    @Override
    public OutboxStore outbox() {
        return outbox;
    }

    @Override
    public MfaStore mfa() {
        return mfa;
    }

    @Override
    public PasskeyStore passkeys() {
        return passkeys;
    }

    @Override
    public RateLimitStore rateLimits() {
        return rateLimits;
    }

    @Override
    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    @Override
    public AppStore apps() {
        return apps;
    }

    @Override
    public GroupStore groups() {
        return groups;
    }

    @Override
    public WorkspaceStore workspaces() {
        return workspaces;
    }

    @Override
    public DirectoryStore directory() {
        return directory;
    }

    @Override
    public ViewerStore viewers() {
        return viewers;
    }
}
