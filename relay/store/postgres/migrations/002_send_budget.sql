-- The provider's rate limit shared by every relay: one token bucket per provider account, refilled by the
-- database's clock, taken from in one statement (relay/store/postgres/send-budget.ts).

CREATE TABLE send_budgets (
  -- Which provider account the limit is the provider's for, e.g. 'smsru'; never a secret.
  account text PRIMARY KEY CHECK (account <> ''),
  -- Permits added per second, and the most the bucket holds: as the latest relay to take asked.
  rate_per_second double precision NOT NULL CHECK (rate_per_second > 0),
  burst integer NOT NULL CHECK (burst >= 1),
  -- Permits left at updated_at (a fraction refills between takes).
  tokens double precision NOT NULL CHECK (tokens >= 0 AND tokens <= burst),
  -- What the latest take was granted: RETURNING sees only the new row, and this is how it hands the grant back.
  granted integer NOT NULL CHECK (granted >= 0),
  updated_at timestamptz NOT NULL
);
