-- The contact directory, searched and filtered in SQL so that no relay holds per-contact memory.
-- Beside each text field a filter reads is its comparable() form (shared/comparable-text.ts: trimmed, spaces
-- collapsed, lowercase, ё as е), and beside each field search reads its lowercase form, both written by the
-- relay: PostgreSQL's lower() follows the database's locale (under LC_CTYPE=C it leaves Cyrillic as it is),
-- the relay's does not. A change of comparable() needs these columns written again.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE contacts (
  crm_id text PRIMARY KEY,
  -- The whole ContactView, as the relay writes it.
  record jsonb NOT NULL,
  -- The fields as the contact has them (adapter: its source's), null when it has none.
  name text,
  first_name text,
  last_name text,
  account text,
  owner text,
  city text,
  email text,
  adapter text,
  fields jsonb NOT NULL DEFAULT '{}',
  -- As filters compare them ('' when missing); "C" so that a btree serves LIKE 'prefix%'.
  name_cmp text COLLATE "C" NOT NULL DEFAULT '',
  first_name_cmp text COLLATE "C" NOT NULL DEFAULT '',
  last_name_cmp text COLLATE "C" NOT NULL DEFAULT '',
  account_cmp text COLLATE "C" NOT NULL DEFAULT '',
  owner_cmp text COLLATE "C" NOT NULL DEFAULT '',
  city_cmp text COLLATE "C" NOT NULL DEFAULT '',
  email_cmp text COLLATE "C" NOT NULL DEFAULT '',
  adapter_cmp text COLLATE "C" NOT NULL DEFAULT '',
  fields_cmp jsonb NOT NULL DEFAULT '{}',
  -- As search compares them: lowercase only.
  name_lower text NOT NULL DEFAULT '',
  account_lower text NOT NULL DEFAULT '',
  email_lower text NOT NULL DEFAULT '',
  -- Each phone's digits (E.164, or the raw number's when invalid), joined by ','.
  phone_digits text NOT NULL DEFAULT '',
  has_phone boolean NOT NULL,
  has_mobile boolean NOT NULL,
  do_not_use_sms boolean,
  -- Directory order: every write of a contact takes a new one, so a rewritten contact moves to the end.
  seq bigserial NOT NULL
);

CREATE UNIQUE INDEX contacts_seq ON contacts (seq);

-- Search: contains, on the lowercase forms and the digits.
CREATE INDEX contacts_name_lower_trgm ON contacts USING gin (name_lower gin_trgm_ops);
CREATE INDEX contacts_account_lower_trgm ON contacts USING gin (account_lower gin_trgm_ops);
CREATE INDEX contacts_email_lower_trgm ON contacts USING gin (email_lower gin_trgm_ops);
CREATE INDEX contacts_phone_digits_trgm ON contacts USING gin (phone_digits gin_trgm_ops);

-- Filters: eq and starts_with on the fields groups are mostly made of.
CREATE INDEX contacts_name_cmp ON contacts (name_cmp);
CREATE INDEX contacts_account_cmp ON contacts (account_cmp);
CREATE INDEX contacts_owner_cmp ON contacts (owner_cmp);
CREATE INDEX contacts_city_cmp ON contacts (city_cmp);
CREATE INDEX contacts_email_cmp ON contacts (email_cmp);
