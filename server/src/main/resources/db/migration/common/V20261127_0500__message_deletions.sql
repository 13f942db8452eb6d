-- Deleted messages leave a trace so chat.syncMessages can tell a syncing client what to drop.
CREATE TABLE message_deletions (
    message_id VARCHAR(64)  PRIMARY KEY,
    room_id    VARCHAR(128) NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    deleted_at BIGINT       NOT NULL
);
CREATE INDEX message_deletions_room ON message_deletions (room_id, deleted_at);
-- chat.syncMessages reads a room's messages changed after a time
CREATE INDEX messages_room_updated ON messages (room_id, updated_at);
