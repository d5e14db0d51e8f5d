import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ContactView } from '../../../shared/api';
import { comparable } from '../../../shared/comparable-text';
import type { ContactFilter } from '../../../shared/contact-filter';
import { filterToSql, likeEscaped, type SqlCondition } from './contact-filter-sql';
import { inTransaction } from './transaction';

/** A contact PostgreSQL cannot hold: text with a NUL in it (neither text nor jsonb can store one). */
export class ContactRowError extends Error {
  override name = 'ContactRowError';
}

/** Contacts per INSERT: each is one element of every array below, so the statement's size, not its parameters, grows. */
const CHUNK = 5_000;

const TEXT_FIELDS = {
  name: (contact: ContactView) => contact.name,
  first_name: (contact: ContactView) => contact.firstName,
  last_name: (contact: ContactView) => contact.lastName,
  account: (contact: ContactView) => contact.account,
  owner: (contact: ContactView) => contact.owner,
  city: (contact: ContactView) => contact.city,
  email: (contact: ContactView) => contact.email,
  adapter: (contact: ContactView) => contact.source?.adapter,
};
type TextColumn = keyof typeof TEXT_FIELDS;
const TEXT_COLUMNS = Object.keys(TEXT_FIELDS) as TextColumn[];
const SEARCHED: TextColumn[] = ['name', 'account', 'email'];

/** The columns of a row, each with its array type for unnest() and how it is cast into the table. */
const COLUMNS: [column: string, arrayType: string, cast: string][] = [
  ['crm_id', 'text[]', ''],
  ['record', 'text[]', '::jsonb'],
  ...TEXT_COLUMNS.map((column): [string, string, string] => [column, 'text[]', '']),
  ['fields', 'text[]', '::jsonb'],
  ...TEXT_COLUMNS.map((column): [string, string, string] => [`${column}_cmp`, 'text[]', '']),
  ['fields_cmp', 'text[]', '::jsonb'],
  ...SEARCHED.map((column): [string, string, string] => [`${column}_lower`, 'text[]', '']),
  ['phone_digits', 'text[]', ''],
  ['has_phone', 'boolean[]', ''],
  ['has_mobile', 'boolean[]', ''],
  ['do_not_use_sms', 'boolean[]', ''],
];

function rowOf(contact: ContactView): unknown[] {
  const record = JSON.stringify(contact);
  if (record.includes('\\u0000'))
    throw new ContactRowError(`contact ${JSON.stringify(contact.crmId.replaceAll('\0', '\\0'))} has a NUL character, which PostgreSQL cannot store`);
  const fields = contact.fields ?? {};
  const fieldsCmp = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, comparable(value)]));
  const text = (column: TextColumn) => TEXT_FIELDS[column](contact) || null;
  return [
    contact.crmId,
    record,
    ...TEXT_COLUMNS.map(text),
    JSON.stringify(fields),
    ...TEXT_COLUMNS.map((column) => comparable(text(column))),
    JSON.stringify(fieldsCmp),
    ...SEARCHED.map((column) => text(column)?.toLowerCase() ?? ''),
    // As the in-memory index compares them: a number too invalid for E.164 digits gives its raw ones.
    contact.phones.map((phone) => phone.digits ?? phone.number.replace(/\D/g, '')).join(','),
    contact.phones.some((phone) => phone.digits),
    contact.phones.some((phone) => phone.digits && phone.type === 'mobile'),
    contact.doNotUseSms ?? null,
  ];
}

const UPSERT = `INSERT INTO contacts (${COLUMNS.map(([column]) => column).join(', ')})
  SELECT ${COLUMNS.map(([column, , cast]) => `r.${column}${cast}`).join(', ')}
    FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}`).join(', ')}) WITH ORDINALITY AS r (${COLUMNS.map(([column]) => column).join(', ')}, ord)
   ORDER BY r.ord
  ON CONFLICT (crm_id) DO UPDATE SET ${COLUMNS.slice(1)
    .map(([column]) => `${column} = EXCLUDED.${column}`)
    .join(', ')}, seq = EXCLUDED.seq`;

/** The contacts to write, in order: a contact given twice keeps its last place and version. */
function lastVersions(contacts: Iterable<ContactView>): ContactView[] {
  const last = new Map<string, ContactView>();
  for (const contact of contacts) {
    last.delete(contact.crmId);
    last.set(contact.crmId, contact);
  }
  return [...last.values()];
}

/** The unnest() statement's way: each chunk one INSERT, its arrays its parameters. */
async function upsertByStatement(client: PoolClient, rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await client.query(
      UPSERT,
      COLUMNS.map((_, k) => chunk.map((row) => row[k])),
    );
  }
}

/** A staging table of the session's own, gone at the transaction's end (commit or rollback); `ord` keeps the given order. */
const STAGING = `CREATE TEMP TABLE contact_import (ord integer NOT NULL, ${COLUMNS.map(([column, arrayType]) => `${column} ${arrayType.slice(0, -2)}`).join(', ')}) ON COMMIT DROP`;
const COPY_IN = `COPY contact_import (ord, ${COLUMNS.map(([column]) => column).join(', ')}) FROM STDIN`;
const UPSERT_STAGED = `INSERT INTO contacts (${COLUMNS.map(([column]) => column).join(', ')})
  SELECT ${COLUMNS.map(([column, , cast]) => `${column}${cast}`).join(', ')} FROM contact_import ORDER BY ord
  ON CONFLICT (crm_id) DO UPDATE SET ${COLUMNS.slice(1)
    .map(([column]) => `${column} = EXCLUDED.${column}`)
    .join(', ')}, seq = EXCLUDED.seq`;

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/** A value in COPY's text format: \N for null, t/f, and text with its backslash, tab and line breaks escaped (NUL is refused before). */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (ch) => COPY_ESCAPES[ch]!) : text;
}

/** Rows as COPY text lines, ord first. */
function copyLines(rows: readonly unknown[][], firstOrd: number): string {
  let lines = '';
  for (let i = 0; i < rows.length; i++) lines += `${firstOrd + i}\t${rows[i]!.map(copyText).join('\t')}\n`;
  return lines;
}

/** Contacts per COPY and INSERT of the bulk way: the relay makes the next piece's lines while the server inserts one. */
const PIECE = 1_000;

/**
 * The bulk way: each piece COPY'd into the staging table, then one INSERT … SELECT … ON CONFLICT from it. While
 * the server inserts a piece (indexes and all), the relay makes the next one's rows and lines, so both cores work.
 */
async function upsertByCopy(client: PoolClient, contacts: readonly ContactView[]): Promise<void> {
  const lines = (start: number) => copyLines(contacts.slice(start, start + PIECE).map(rowOf), start);
  let next = lines(0);
  await client.query(STAGING);
  for (let start = 0; start < contacts.length; start += PIECE) {
    if (start > 0) await client.query('TRUNCATE contact_import');
    await pipeline(Readable.from([next]), client.query(copyFrom(COPY_IN)));
    const inserting = client.query(UPSERT_STAGED);
    try {
      next = start + PIECE < contacts.length ? lines(start + PIECE) : '';
    } catch (error) {
      // A NUL further on: the transaction is rolled back, after the INSERT under way has ended.
      await inserting.catch(() => undefined);
      throw error;
    }
    await inserting;
  }
}

/**
 * From this many rows COPY is the quicker: 20k contacts in calls of 200 took 2.6 s by the statement and 4.6 s by
 * COPY here (a staging table costs four more statements a call), in calls of 1,000 4.1 s and 3.6 s.
 */
const COPY_FROM_ROWS = 1_000;

/** How upsertContacts writes; the tests take each way on its own. */
export type UpsertWay = 'auto' | 'statement' | 'copy';

/**
 * Writes the contacts, new or again, in one transaction: fewer than COPY_FROM_ROWS by multi-row statements,
 * more by COPY into a staging table and an INSERT from it. Each write takes the next place in directory order (the rows'
 * seq are drawn in the given order), as the in-memory index's writes do; a contact given twice is written
 * once, at its last place, with its last version. A contact with a NUL refuses the whole call (ContactRowError),
 * and nothing of it is written: what went before it is rolled back.
 */
export async function upsertContacts(pool: Pool, contacts: Iterable<ContactView>, way: UpsertWay = 'auto'): Promise<void> {
  const written = lastVersions(contacts);
  if (written.length === 0) return;
  if (way === 'copy' || (way === 'auto' && written.length >= COPY_FROM_ROWS)) {
    await inTransaction(pool, (client) => upsertByCopy(client, written));
    return;
  }
  const rows = written.map(rowOf);
  await inTransaction(pool, (client) => upsertByStatement(client, rows));
}

/**
 * The search of ContactSearchIndex.search as SQL: the first `limit` contacts, in directory order, whose
 * name, account or e-mail (lowercase) contains the query (trimmed, lowercase), or — when the query has three
 * digits or more — whose phones' digits contain its digits. An empty query finds the first `limit`.
 */
export function searchToSql(query: string, limit: number): SqlCondition & { sql: string } {
  const needle = query.trim().toLocaleLowerCase('ru');
  const digits = query.replace(/\D/g, '');
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const matches: string[] = [];
  // Stored text holds no NUL, so a needle with one matches no name; its digits still may match a phone.
  if (needle && !needle.includes('\0')) {
    const pattern = param(`%${likeEscaped(needle)}%`);
    matches.push(...SEARCHED.map((column) => `${column}_lower LIKE ${pattern}`));
  }
  if (needle && digits.length >= 3) matches.push(`phone_digits LIKE ${param(`%${digits}%`)}`);
  const where = !needle ? '' : `WHERE ${matches.length > 0 ? matches.join(' OR ') : 'FALSE'}`;
  return { sql: `SELECT record FROM contacts ${where} ORDER BY seq LIMIT ${param(limit)}`, params };
}

export async function searchContacts(pool: Pool, query: string, limit: number): Promise<ContactView[]> {
  const { sql, params } = searchToSql(query, limit);
  const { rows } = await pool.query<{ record: ContactView }>(sql, params);
  return rows.map((row) => row.record);
}

/** How many contacts the filter matches (a dynamic group's size). */
export async function countMatching(pool: Pool, filter: ContactFilter<string>): Promise<number> {
  const { sql, params } = filterToSql(filter);
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts WHERE ${sql}`, params);
  return rows[0]!.n;
}

/** The crmIds of the contacts the filter matches (a dynamic group's members), in directory order. */
export async function crmIdsMatching(pool: Pool, filter: ContactFilter<string>): Promise<string[]> {
  const { sql, params } = filterToSql(filter);
  const { rows } = await pool.query<{ crm_id: string }>(`SELECT crm_id FROM contacts WHERE ${sql} ORDER BY seq`, params);
  return rows.map((row) => row.crm_id);
}
