-- Peers known to sign their requests with fedchat's x-fedchat-proof (issue 12, docs/federation-security.md
-- "Replays"): once a domain has sent one valid proof, an unsigned request claiming it is refused, so a
-- captured request cannot be replayed with its proof stripped, as if from a Rocket.Chat peer.
-- Delete a row only when that peer really runs software that does not sign any more.
CREATE TABLE federation_signing_peers (
    domain          VARCHAR(255) PRIMARY KEY,
    -- when the first valid proof from this domain arrived (epoch milliseconds)
    first_signed_at BIGINT       NOT NULL
);
