-- Contact groups (relay/store/groups.ts), and how many writes changed each collection: the embedded stores'
-- `changes`, which the relay compares to tell whether the directory changed (a mailing's pre-flight), here
-- counted in the database so that a write by any relay counts for all of them.

CREATE TABLE collection_changes (
  collection text PRIMARY KEY,
  changes bigint NOT NULL
);

CREATE TABLE groups (
  id text PRIMARY KEY,
  -- The GroupView as the relay wrote it: json keeps its text as given (key order; \u0000, which jsonb refuses).
  record json NOT NULL,
  -- Listing order: where the group was first put; rewriting a group keeps its place.
  seq bigserial NOT NULL
);

CREATE UNIQUE INDEX groups_seq ON groups (seq);
