-- Every consent change of every contact (relay/store/consents.ts): appended, never rewritten, the proof of who
-- agreed or withdrew, when and how. A contact's consent now is its latest row.

CREATE TABLE consents (
  -- The order records were appended in, also within one append.
  seq bigserial PRIMARY KEY,
  crm_id text NOT NULL,
  granted boolean NOT NULL,
  -- The ConsentRecord as the relay wrote it.
  record json NOT NULL
);

-- A contact's history in order, and its latest record (read backwards), for one contact or a mailing's batch.
CREATE INDEX consents_crm_id_seq ON consents (crm_id, seq);

CREATE TRIGGER consents_append_only BEFORE UPDATE OR DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
