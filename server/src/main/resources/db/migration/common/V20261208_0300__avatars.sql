-- Avatars (issue 13): a user's uploaded picture, and when we last asked a remote user's home
-- server for theirs. Kept in the database, not in the uploads directory: an avatar is small (a
-- PNG of at most 512x512 pixels, re-encoded here), it changes with the user row in one
-- transaction, and a backup or a second server on the same PostgreSQL has it without a file store.

-- A tag that changes with the picture, Rocket.Chat's avatarETag; NULL: the initials are shown.
ALTER TABLE users ADD COLUMN avatar_etag VARCHAR(64);

CREATE TABLE user_avatars (
    user_id    VARCHAR(64) PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    etag       VARCHAR(64) NOT NULL,                 -- hex of the SHA-256 of image, cut to 32 characters
    image      BYTEA       NOT NULL,                 -- PNG as this server encoded it, never the bytes received
    updated_at BIGINT      NOT NULL
);

-- One row per remote user whose avatar was asked of their home server: page views never ask,
-- they read this row and the cache above; a fetch is due again only after next_check_at.
CREATE TABLE remote_avatar_checks (
    user_id       VARCHAR(64)  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    checked_at    BIGINT       NOT NULL,
    next_check_at BIGINT       NOT NULL,
    failures      INTEGER      NOT NULL,             -- consecutive failed fetches; 0 after a success
    last_error    VARCHAR(500)                       -- why the last fetch failed, for operators
);
