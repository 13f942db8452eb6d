-- Threads (issue 13 §1): a parent message keeps its thread's reply count, the time of its latest
-- reply and who follows it (Rocket.Chat's tcount, tlm, replies), each server counting the replies
-- it holds, so every server of a room arrives at the same counts.
ALTER TABLE messages ADD COLUMN tcount INT NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN tlm BIGINT;
ALTER TABLE messages ADD COLUMN replies TEXT;          -- JSON array of the followers' user ids
CREATE INDEX messages_tmid ON messages (tmid, ts);
CREATE INDEX messages_room_tlm ON messages (room_id, tlm);
