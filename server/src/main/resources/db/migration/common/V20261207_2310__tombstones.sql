-- What a deleted room leaves behind (issue 12 §2): the legacy wire has no timestamp or nonce, so a
-- captured dispatch is valid forever, and without these a replay of a deleted room's events
-- brought the room, its members and its messages back.

-- One row per deleted room whose events travelled, kept for good (a few bytes a room). Events of it
-- up to last_event_ts are never taken again; newer ones only where the room may live on: a copy
-- deleted here while its origin keeps it, or a direct room opened again (same members, same id).
CREATE TABLE room_tombstones (
    room_id       VARCHAR(128) PRIMARY KEY,
    type          CHAR(1)      NOT NULL,                -- the room's type: a direct room's id is made of its members' ids
    for_good      BOOLEAN      NOT NULL,                -- deleted by its origin (everywhere), not only our copy of it
    last_event_ts BIGINT       NOT NULL,                -- the later of the deletion and its newest event's (creator's) time:
                                                        -- no event of the room up to it is taken again
    deleted_at    BIGINT       NOT NULL
);

-- The ids of the events a deleted room had, kept for good: the same event again is a no-op.
CREATE TABLE federation_event_tombstones (
    id      VARCHAR(128) PRIMARY KEY,
    room_id VARCHAR(128) NOT NULL
);
