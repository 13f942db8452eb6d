-- This server's federation key pair (federation-protocol.md §2): generated once at first start,
-- never rotated implicitly. kind is 'public' or 'private'; pem is single-line PEM.
CREATE TABLE federation_keys (
    kind       VARCHAR(16) PRIMARY KEY,
    pem        TEXT        NOT NULL,
    created_at BIGINT      NOT NULL
);
