package dev.attest.core.store;

/**
 * One storage backend, opened: its stores share one database. Closing it releases connections after every pending
 * write has committed.
 */
public interface Storage extends AutoCloseable {
    EventStore events();

    OrganizationStore organizations();

    CheckpointStore checkpoints();

    MemberStore members();

    SessionStore sessions();

    /** Whether the database answers; for readiness checks. */
    boolean isHealthy();

    @Override
    void close();
}
