-- Room settings (issue 13, "Rooms"): what Rocket.Chat shows beside a room's topic, and the version
-- of a room's settings and roles, which its origin decides for every server of a federated room.

ALTER TABLE rooms ADD COLUMN announcement VARCHAR(1024);
ALTER TABLE rooms ADD COLUMN description VARCHAR(1024);
-- When the room's settings or roles last changed, on its origin's clock (strictly increasing per
-- room there); NULL: never since the room was made. A copy takes a peer's state only when newer.
ALTER TABLE rooms ADD COLUMN settings_at BIGINT;
