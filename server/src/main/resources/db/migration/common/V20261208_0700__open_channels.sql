-- Public channels opened to federation (issue 13 §2): users of other fedchat servers may find and
-- join them. A row per open channel of ours; closing deletes it (members stay, no server joins).
CREATE TABLE open_channels (
    room_id   VARCHAR(128) PRIMARY KEY REFERENCES rooms (id) ON DELETE CASCADE,
    opened_by VARCHAR(64)  NOT NULL,
    opened_at BIGINT       NOT NULL
);
