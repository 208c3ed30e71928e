-- The root of each organization's Merkle tree at log_size, updated in the append transaction (NULL: empty tree).
ALTER TABLE organizations ADD COLUMN log_root BLOB;

-- Hashes of complete subtrees at levels 8, 16, 24 … (level 0 is events.leaf_hash); any other complete subtree is
-- folded from at most 128 contiguous hashes of the stored level below it. Never updated.
CREATE TABLE tree_nodes (
    organization_id TEXT    NOT NULL,
    level           INTEGER NOT NULL,
    idx             INTEGER NOT NULL,
    hash            BLOB    NOT NULL,
    PRIMARY KEY (organization_id, level, idx)
) STRICT, WITHOUT ROWID;

-- Signed checkpoints (C2SP signed notes of tlog-checkpoints). Never updated.
CREATE TABLE checkpoints (
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    size            INTEGER NOT NULL,
    root_hash       BLOB    NOT NULL,
    note            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (organization_id, size)
) STRICT, WITHOUT ROWID;
