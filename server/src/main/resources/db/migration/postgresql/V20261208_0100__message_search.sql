-- Message search (issue 13, chat.search and messageSearch): PostgreSQL's own full-text search.
--
-- msg_search holds the words of msg as a tsvector. A generated column is computed by PostgreSQL
-- in the very statement that writes msg, so an insert, an edit (UPDATE of msg) and a delete keep
-- the index right inside the write's own transaction: no application code on the write path.
-- Stored rather than an expression index so a search that walks a room's newest messages through
-- messages_room_ts tests the stored vector instead of parsing every message's text again.
--
-- The 'simple' configuration: lower-cased words, no stemming, no stop words. A chat mixes
-- languages in one room and PostgreSQL cannot know a message's language; 'english' would stem
-- "running" to "run" but also mangle German or French words and drop "the", "on", "not" from
-- quoted phrases. 'simple' treats every language alike and finds exactly the words typed.
--
-- Adding a stored column rewrites the table once, while this migration runs.
ALTER TABLE messages ADD COLUMN msg_search tsvector GENERATED ALWAYS AS (to_tsvector('simple', msg)) STORED;
CREATE INDEX messages_msg_search ON messages USING GIN (msg_search);
