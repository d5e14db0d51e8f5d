-- The stop list (relay/store/stop-list.ts): one row per number that ever was on it, its entry while it is on it
-- (null once taken off), and every change of it in an append-only table of events: the proof of why a number did
-- or did not get a message.

-- The order of the latest changes: each change of a number takes the next value, so the list is ordered by it.
CREATE SEQUENCE stop_list_change_seq;

CREATE TABLE stop_list (
  -- E.164 digits.
  phone text PRIMARY KEY,
  -- The StopListEntry as the relay wrote it, while the number is on the list.
  entry json,
  -- When the number last changed, in stop_list_change_seq's order.
  seq bigint NOT NULL
);

CREATE UNIQUE INDEX stop_list_seq ON stop_list (seq);
-- The numbers on the list, newest change first, and how many there are.
CREATE INDEX stop_list_listed_seq ON stop_list (seq) WHERE entry IS NOT NULL;

CREATE TABLE stop_list_events (
  phone text NOT NULL REFERENCES stop_list (phone),
  seq bigserial NOT NULL,
  -- The StopListEvent as the relay wrote it.
  event json NOT NULL,
  PRIMARY KEY (phone, seq)
);

-- Appended to, never rewritten: the relay has no path that updates or deletes an event, and the database refuses one.
CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: its rows are never updated or deleted', TG_TABLE_NAME;
END
$$;

CREATE TRIGGER stop_list_events_append_only BEFORE UPDATE OR DELETE ON stop_list_events
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
