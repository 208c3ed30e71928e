-- When the organization was deleted (org.delete; DESIGN.md §7), epoch microseconds, or NULL while it lives. The row
-- stays, with its log, checkpoints and tree: a deleted organization's log remains readable by super-users,
-- exportable and verifiable. Its credentials end in the deletion's transaction (keys revoked, sessions and app tokens
-- dropped, apps and pending invitations closed).
ALTER TABLE organizations ADD COLUMN deleted_at INTEGER;
