-- The SMS people sent us (relay/store/inbound-messages.ts). The columns beside the record are what the embedded
-- store's maps in memory answer: by the provider's id, by contact, by sender, the unread ones, a mailing's counts.

CREATE TABLE inbound_messages (
  id text PRIMARY KEY,
  -- The InboundMessage as the relay wrote it when it came; whether it was read since is `read`.
  record json NOT NULL,
  provider text NOT NULL,
  provider_message_id text NOT NULL,
  from_phone text NOT NULL,
  contact_ids text[] NOT NULL,
  mailing_id text,
  keyword text CHECK (keyword IN ('stop', 'start')),
  read boolean NOT NULL,
  -- The order they came in: a contact's replies are listed oldest first by it.
  seq bigserial NOT NULL
);

CREATE UNIQUE INDEX inbound_messages_seq ON inbound_messages (seq);
-- A webhook the provider delivers twice is stored once.
CREATE UNIQUE INDEX inbound_messages_provider_id ON inbound_messages (provider, provider_message_id);
CREATE INDEX inbound_messages_contact_ids ON inbound_messages USING gin (contact_ids);
CREATE INDEX inbound_messages_from ON inbound_messages (from_phone, seq);
CREATE INDEX inbound_messages_unread ON inbound_messages (seq) WHERE NOT read;
CREATE INDEX inbound_messages_mailing ON inbound_messages (mailing_id) WHERE mailing_id IS NOT NULL;

-- Every number a reply came from, in the order each first wrote: read a page at a time.
CREATE TABLE inbound_senders (
  phone text PRIMARY KEY,
  first_seq bigint NOT NULL
);

CREATE UNIQUE INDEX inbound_senders_first_seq ON inbound_senders (first_seq);
