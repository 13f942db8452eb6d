-- What a local user chose for their presence (issue 13, "Presence and status"): the default status
-- and the status text survive restarts. Whether a user is connected is never stored: it is known
-- from the live DDP sessions, so a crash cannot leave anyone "online" for good.
CREATE TABLE user_presence (
    user_id        VARCHAR(64)  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- the status the user chose: online (follow the connections), away, busy, or offline (invisible)
    default_status VARCHAR(16)  NOT NULL,
    -- the status text shown beside the status; NULL when the user set none (at most 120 characters, as Rocket.Chat)
    status_text    VARCHAR(120),
    -- when the user last changed either (epoch milliseconds)
    updated_at     BIGINT       NOT NULL
);
