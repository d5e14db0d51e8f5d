-- Access tokens (relay/store/tokens.ts): as the embedded store keeps them, the sha256 of the token and never
-- the token itself.

CREATE TABLE tokens (
  id text PRIMARY KEY,
  "user" text NOT NULL,
  role text NOT NULL CHECK (role IN ('agent', 'marketer', 'admin')),
  -- sha256 of the token, hex.
  hash text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  -- Listing order: the order tokens were created in.
  seq bigserial NOT NULL
);

CREATE UNIQUE INDEX tokens_seq ON tokens (seq);
-- verify() looks a presented token up by its hash.
CREATE UNIQUE INDEX tokens_hash ON tokens (hash);
-- revoke({ user }) takes a user's live tokens.
CREATE INDEX tokens_user_live ON tokens ("user") WHERE revoked_at IS NULL;
