-- What sending a mailing needs: the mailings, and each one's frozen audience with where every message stands.
-- The lists in the CHECKs are shared/mailings.ts's MAILING_STATUSES, RECIPIENT_STATES and SKIP_REASONS;
-- a new value there needs a migration here (test/integration/postgres-migrate.test.ts checks they agree).

CREATE TABLE mailings (
  id text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'finished', 'cancelled')),
  -- The rest of the MailingRecord, as the relay writes it.
  record jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Fencing tokens: every claim of a recipient takes a new one, so a claim's late outcome can be told from the current one's.
CREATE SEQUENCE recipient_fence;

CREATE TABLE mailing_recipients (
  mailing_id text NOT NULL REFERENCES mailings (id) ON DELETE CASCADE,
  -- The recipient's place in the frozen audience.
  idx integer NOT NULL CHECK (idx >= 0),
  contact_id text NOT NULL,
  name text NOT NULL,
  -- E.164 digits; null when skipped for having none (or an invalid one).
  phone text,
  country text,
  time_zone text,
  text text,
  parts integer NOT NULL CHECK (parts >= 0),
  skip text CHECK (skip IN ('do_not_use_sms', 'no_phone', 'invalid_phone', 'duplicate_phone', 'empty_macro', 'stop_list', 'no_consent')),
  state text NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'skipped')),
  provider_message_id text,
  -- What the provider reported it cost; null when it did not say.
  cost numeric,
  error text,
  attempts integer NOT NULL DEFAULT 0,
  updated_at timestamptz,
  -- When it was claimed to be handed to the provider: for an unknown recipient, the window to ask about.
  handed_over_at timestamptz,
  -- The claim: which relay holds it, until when, and its fencing token.
  lease_until timestamptz,
  lease_owner text,
  fence bigint,
  PRIMARY KEY (mailing_id, idx),
  CHECK (state <> 'sending' OR (lease_until IS NOT NULL AND lease_owner IS NOT NULL AND fence IS NOT NULL))
);

-- The next queued recipients of a mailing, in order: what every claim looks for.
CREATE INDEX mailing_recipients_queued ON mailing_recipients (mailing_id, idx) WHERE state = 'queued';
-- Claims whose lease may have passed.
CREATE INDEX mailing_recipients_leased ON mailing_recipients (lease_until) WHERE state = 'sending';
-- A delivery report names the provider's message id.
CREATE INDEX mailing_recipients_provider_message ON mailing_recipients (provider_message_id) WHERE provider_message_id IS NOT NULL;
