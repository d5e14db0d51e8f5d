-- Messages sent from contact cards (relay/store/messages.ts; a mailing's messages are its recipients). The columns
-- beside the record are what the embedded store's indexes in memory answer: by id, by the provider's id, the latest
-- to a number, a contact's, the pending and the in-flight ones.

-- The order messages were last written in: a message the provider's id finds is the one written last.
CREATE SEQUENCE messages_write_seq;

CREATE TABLE messages (
  id text PRIMARY KEY,
  -- The MessageView as the relay wrote it (json keeps its text as given).
  record json NOT NULL,
  crm_id text,
  phone text NOT NULL,
  provider_message_id text,
  status text NOT NULL,
  -- ISO, compared as the relay compares the strings.
  created_at text COLLATE "C" NOT NULL,
  -- The order of insertion: listings follow it; an update keeps it.
  seq bigserial NOT NULL,
  written bigint NOT NULL DEFAULT nextval('messages_write_seq')
);

CREATE UNIQUE INDEX messages_seq ON messages (seq);
CREATE INDEX messages_provider_message_id ON messages (provider_message_id, written) WHERE provider_message_id IS NOT NULL;
-- The latest message to a number (where a reply from it is matched).
CREATE INDEX messages_phone_created ON messages (phone, created_at, written);
CREATE INDEX messages_crm_id_seq ON messages (crm_id, seq) WHERE crm_id IS NOT NULL;
-- Messages the provider has not said its last word on (delivered and failed are final: shared/status.ts).
CREATE INDEX messages_pending ON messages (seq) WHERE provider_message_id IS NOT NULL AND status NOT IN ('delivered', 'failed');
-- Messages a crash left sending.
CREATE INDEX messages_sending ON messages (seq) WHERE status = 'sending';
