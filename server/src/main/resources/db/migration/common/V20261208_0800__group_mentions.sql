-- Rocket.Chat's groupMentions (issue 13: unread and mentions kept right): messages with @all or
-- @here since the member last read the room, beside user_mentions (their own name).
ALTER TABLE subscriptions ADD COLUMN group_mentions INT NOT NULL DEFAULT 0;
