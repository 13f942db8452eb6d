-- The chat core: users, login tokens, rooms, subscriptions, messages, files, settings.
-- Portable SQL: runs on PostgreSQL and on H2 in MODE=PostgreSQL. Times are epoch milliseconds
-- (BIGINT) so both databases store and compare them the same way.

CREATE TABLE users (
    id            VARCHAR(64)  PRIMARY KEY,           -- Rocket.Chat-style 17-char random id
    username      VARCHAR(255) NOT NULL,
    username_key  VARCHAR(255) NOT NULL UNIQUE,       -- lower-cased username: uniqueness is case-insensitive
    name          VARCHAR(255) NOT NULL,
    email         VARCHAR(320),
    email_key     VARCHAR(320) UNIQUE,                -- lower-cased e-mail, NULL when the user has none
    password_hash VARCHAR(100),                       -- bcrypt(hex sha256(password)); NULL: cannot log in
    roles         VARCHAR(255) NOT NULL,              -- comma-separated role names
    active        BOOLEAN      NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);

CREATE TABLE login_tokens (
    hashed_token VARCHAR(64) PRIMARY KEY,             -- base64(sha256(token)), Meteor's _hashLoginToken
    user_id      VARCHAR(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT      NOT NULL
);
CREATE INDEX login_tokens_user ON login_tokens (user_id);

CREATE TABLE rooms (
    id              VARCHAR(128) PRIMARY KEY,         -- a DM's id is the two user ids sorted and joined
    type            CHAR(1)      NOT NULL,            -- c: channel, p: private group, d: direct message
    name            VARCHAR(255),                     -- NULL for direct messages
    name_key        VARCHAR(255) UNIQUE,              -- lower-cased name: one namespace for c and p
    owner_id        VARCHAR(64),
    owner_username  VARCHAR(255),
    read_only       BOOLEAN      NOT NULL,
    topic           VARCHAR(1024),
    message_count   INTEGER      NOT NULL,
    last_message_id VARCHAR(64),
    last_message_at BIGINT,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL
);

CREATE TABLE subscriptions (
    id            VARCHAR(64)  PRIMARY KEY,
    room_id       VARCHAR(128) NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id       VARCHAR(64)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles         VARCHAR(255) NOT NULL,              -- comma-separated room roles (owner, moderator)
    open          BOOLEAN      NOT NULL,
    alert         BOOLEAN      NOT NULL,
    unread        INTEGER      NOT NULL,
    user_mentions INTEGER      NOT NULL,
    muted         BOOLEAN      NOT NULL,              -- a muted member may read but not post
    last_seen_at  BIGINT,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    CONSTRAINT subscriptions_room_user UNIQUE (room_id, user_id)
);
CREATE INDEX subscriptions_user ON subscriptions (user_id, updated_at);

CREATE TABLE messages (
    id             VARCHAR(64)  PRIMARY KEY,
    room_id        VARCHAR(128) NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id        VARCHAR(64)  NOT NULL,
    username       VARCHAR(255) NOT NULL,
    user_name      VARCHAR(255),
    msg            TEXT         NOT NULL,
    type           VARCHAR(64),                       -- system message type (Rocket.Chat's "t"), NULL for chat
    tmid           VARCHAR(64),                       -- thread parent
    mentions       TEXT,                              -- JSON array of {_id, username}
    reactions      TEXT,                              -- JSON object {":emoji:": {usernames: [...]}}
    extra          TEXT,                              -- JSON object: attachments, file, files, alias, emoji, ...
    ts             BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL,
    edited_at      BIGINT,
    edited_by_id   VARCHAR(64),
    edited_by_name VARCHAR(255)
);
CREATE INDEX messages_room_ts ON messages (room_id, ts);

CREATE TABLE files (
    id         VARCHAR(64)  PRIMARY KEY,
    room_id    VARCHAR(128) NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id    VARCHAR(64)  NOT NULL,
    name       VARCHAR(512) NOT NULL,
    type       VARCHAR(255) NOT NULL,                 -- content type, served back as is
    size       BIGINT       NOT NULL,
    width      INTEGER,                               -- image dimensions when the file is an image
    height     INTEGER,
    message_id VARCHAR(64),                           -- NULL until confirmed (rooms.media before mediaConfirm)
    created_at BIGINT       NOT NULL
);

CREATE TABLE settings (
    id         VARCHAR(255) PRIMARY KEY,
    value_json TEXT         NOT NULL,                 -- the value as JSON ("value" is reserved in H2)
    updated_at BIGINT       NOT NULL
);
