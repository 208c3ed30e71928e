package dev.attest.storage.jdbc;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * One new row of {@code events}, as a dialect writes it in bulk, its columns in the table's order ({@link #COLUMNS}).
 * {@code leafData} is the event itself: the RFC 8785 canonical bytes that were hashed, and what every read returns.
 * Every other column is an index of it, for filters.
 *
 * @param leafHash RFC 9162 leaf hash of {@code leafData}; {@code null} only where integrity is off (benchmarks)
 */
@SuppressWarnings("ArrayRecordComponent") // bytes to store; never compared
public record EventRow(
        String organizationId,
        long seq,
        String id,
        String action,
        String category,
        boolean critical,
        Instant occurredAt,
        Instant receivedAt,
        String actorType,
        @Nullable String actorId,
        @Nullable String actorName,
        @Nullable String actorEmail,
        @Nullable String actorRole,
        @Nullable String targetType,
        @Nullable String targetId,
        @Nullable String targetName,
        String outcome,
        String workspace,
        @Nullable String ip,
        @Nullable String userAgent,
        @Nullable String requestId,
        String searchText,
        byte[] leafData,
        byte @Nullable [] leafHash) {

    /** The columns of a row, in the order of the components. */
    public static final String COLUMNS = "organization_id, seq, id, action, category, critical, occurred_at,"
            + " received_at, actor_type, actor_id, actor_name, actor_email, actor_role, target_type, target_id,"
            + " target_name, outcome, workspace, ip, user_agent, request_id, search_text, leaf_data, leaf_hash";

    private static final String INSERT = "INSERT INTO events (" + COLUMNS + ") VALUES (" + "?, ".repeat(23) + "?)";

    /** Writes {@code rows} with one prepared, batched INSERT in the transaction of {@code handle}. */
    public static void insertBatch(Handle handle, List<EventRow> rows) {
        PreparedBatch batch = handle.prepareBatch(INSERT);
        for (EventRow row : rows) {
            batch.add(row.values());
        }
        batch.execute();
    }

    /** The values of the row in {@link #COLUMNS} order, for a batched INSERT. */
    public @Nullable Object[] values() {
        return new @Nullable Object[] {
            organizationId,
            seq,
            id,
            action,
            category,
            critical,
            occurredAt,
            receivedAt,
            actorType,
            actorId,
            actorName,
            actorEmail,
            actorRole,
            targetType,
            targetId,
            targetName,
            outcome,
            workspace,
            ip,
            userAgent,
            requestId,
            searchText,
            leafData,
            leafHash
        };
    }
}
