-- The audit log (relay/store/audit-log.ts): appended to, never rewritten. An entry is its beginning (who, what,
-- from which site), written before the request is served, and its outcome, written when the answer is ready;
-- both tables are append-only, and an entry's outcome is the latest written for it.

CREATE TABLE audit_entries (
  -- 1, 2, 3 … in the order the entries were begun, with no gaps: taken under a lock, in the entry's transaction.
  n bigint PRIMARY KEY CHECK (n >= 1),
  -- The AuditBeginning as the relay wrote it.
  beginning json NOT NULL
);

CREATE TABLE audit_outcomes (
  seq bigserial PRIMARY KEY,
  n bigint NOT NULL REFERENCES audit_entries (n),
  -- The AuditOutcome: status, target, details.
  outcome json NOT NULL
);

-- An entry's latest outcome.
CREATE INDEX audit_outcomes_n_seq ON audit_outcomes (n, seq);

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
CREATE TRIGGER audit_outcomes_append_only BEFORE UPDATE OR DELETE ON audit_outcomes
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
