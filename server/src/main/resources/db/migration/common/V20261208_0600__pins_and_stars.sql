-- Pins and stars (issue 13 §1). A pin is the room's state (who pinned, when), shown to everyone and
-- carried to the room's fedchat servers; a star is a reader's own mark and stays on this server.
ALTER TABLE messages ADD COLUMN pinned_at BIGINT;
ALTER TABLE messages ADD COLUMN pinned_by_id VARCHAR(64);
ALTER TABLE messages ADD COLUMN pinned_by_name VARCHAR(255);
ALTER TABLE messages ADD COLUMN starred TEXT;          -- JSON array of the user ids who starred it
CREATE INDEX messages_room_pinned ON messages (room_id, pinned_at);
