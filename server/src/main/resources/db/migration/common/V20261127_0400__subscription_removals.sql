-- Subscriptions that ended (kick, leave, room deleted), so rooms.get and subscriptions.get can list
-- them under "remove" for clients that sync with updatedSince. No foreign key to rooms: the room
-- may be gone, and that is exactly what the client must learn.
CREATE TABLE subscription_removals (
    subscription_id VARCHAR(64)  NOT NULL,
    room_id         VARCHAR(128) NOT NULL,
    user_id         VARCHAR(64)  NOT NULL,
    removed_at      BIGINT       NOT NULL
);
CREATE INDEX subscription_removals_user ON subscription_removals (user_id, removed_at);
