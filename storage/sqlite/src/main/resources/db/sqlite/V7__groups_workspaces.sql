-- Groups: named sets of an organization's members (DESIGN.md §7). A deleted group's row is gone; its history stays in
-- the log (group.delete names it). Names are unique within an organization, compared in lower case.
CREATE TABLE groups (
    id              TEXT    NOT NULL PRIMARY KEY,  -- grp_…
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    name            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL               -- epoch microseconds
) STRICT;
CREATE UNIQUE INDEX groups_name ON groups (organization_id, lower(name));

-- Who belongs to which group; removed with the group.
CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES groups (id),
    member_id TEXT NOT NULL REFERENCES members (id),
    PRIMARY KEY (group_id, member_id)
) STRICT;
CREATE INDEX group_members_member ON group_members (member_id);

-- Workspaces an organization has created; every organization also has the implicit workspace "default". The name is
-- what events carry in their "workspace" field.
CREATE TABLE workspaces (
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    name            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,              -- epoch microseconds
    PRIMARY KEY (organization_id, name)
) STRICT;

-- The workspaces a group gives its members access to; removed with the group.
CREATE TABLE group_workspaces (
    group_id  TEXT NOT NULL REFERENCES groups (id),
    workspace TEXT NOT NULL,
    PRIMARY KEY (group_id, workspace)
) STRICT;

-- The workspaces a member has access to directly (not through a group).
CREATE TABLE member_workspaces (
    member_id TEXT NOT NULL REFERENCES members (id),
    workspace TEXT NOT NULL,
    PRIMARY KEY (member_id, workspace)
) STRICT;
