import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ContactPhone, ContactView } from '../../shared/api';
import { FILTER_BOOLEAN_FIELDS, FILTER_TEXT_FIELDS, MAX_GROUP_DEPTH, TEXT_OPS, type ContactFilter, type FilterRule } from '../../shared/contact-filter';
import { ContactSearchIndex } from '../../relay/contacts/contact-search-index';
import { compileFilter } from '../../relay/groups/contact-filter';
import { ContactFilterError, filterToSql } from '../../relay/store/postgres/contact-filter-sql';
import { countMatching, crmIdsMatching, searchContacts, searchToSql, upsertContacts } from '../../relay/store/postgres/contact-rows';
import { migrate } from '../../relay/store/postgres/migrate';
import { postgresGate, startPostgres, type TestPostgres } from '../support/postgres';
import { seededRandom } from '../support/seeded-random';

/** Contacts in PostgreSQL: filters and search in SQL mean what they mean in memory (see postgres-claims.test.ts for when it is skipped). */
const { missing, skip } = postgresGate();
if (skip) console.warn(`[postgres] skipped: ${missing}`);

let server: TestPostgres;
let pool: pg.Pool;

const random = seededRandom(16);
const chance = (p: number) => random.next() < p;
const HOSTILE = `'); DROP TABLE contacts; --`;
const PIECES = [
  'Иван',
  'Пётр',
  'Петр',
  'Семён',
  'СЕМЕН',
  'Ёлка',
  'елка',
  'Anna',
  'ANNA',
  'o’Neil',
  "O'Brien",
  'Smith & Co',
  '100%',
  '50_50',
  'a\\b',
  'a_b',
  'C:\\path',
  '%_',
  '"quoted"',
  HOSTILE,
  'Москва',
  'Санкт-Петербург',
  'ООО «Ромашка»',
  'ромашка',
  'x',
  'İstanbul',
  'ΟΔΟΣ',
];
const SPACES = [' ', ' ', ' ', '  ', '\t', '\u00a0', ' \n '];

function text(): string {
  const words = Array.from({ length: 1 + Math.floor(random.next() * 3) }, () => random.pick(PIECES));
  let joined = words.map((word, i) => (i === 0 ? word : random.pick(SPACES) + word)).join('');
  if (chance(0.1)) joined = ` ${joined}`;
  if (chance(0.1)) joined = `${joined}  `;
  return joined;
}
const maybeText = (): string | undefined => (chance(0.15) ? undefined : chance(0.05) ? '' : text());
const CUSTOM = ['Сегмент', 'tier', 'x%y', "o'k", HOSTILE];

function phone(): ContactPhone {
  const digits = `79${String(Math.floor(random.next() * 1e9)).padStart(9, '0')}`;
  if (chance(0.15)) return { number: `+7 (${digits.slice(1, 4)}) 12`, type: random.pick(['mobile', 'work'] as const), digits: null, invalidReason: 'too short' };
  return { number: `+${digits}`, type: random.pick(['mobile', 'work', 'home'] as const), digits, invalidReason: null, country: 'RU' };
}

function contact(i: number): ContactView {
  const fields: Record<string, string> = {};
  for (const name of CUSTOM) if (chance(0.4)) fields[name] = chance(0.1) ? '' : text();
  const optional = (value: string | undefined) => value;
  return {
    crmId: `demo:crm.example:${i}`,
    name: chance(0.03) ? '' : text(),
    ...(chance(0.8) ? { firstName: optional(maybeText()) } : {}),
    ...(chance(0.8) ? { lastName: optional(maybeText()) } : {}),
    phones: Array.from({ length: Math.floor(random.next() * 3) }, phone),
    ...(chance(0.7) ? { email: `${random.pick(['ivan', 'Anna.Smith', 'o_k', '100%'])}${i}@${random.pick(['example.com', 'Почта.рф'])}` } : {}),
    doNotUseSms: random.pick([true, false, null]),
    account: chance(0.2) ? null : maybeText(),
    owner: chance(0.2) ? null : maybeText(),
    city: chance(0.2) ? null : maybeText(),
    ...(chance(0.85) ? { source: { adapter: random.pick(['bitrix24', 'amocrm', 'Demo', 'demo ']), origin: 'https://crm.example' } } : {}),
    fields,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A value a rule compares with: a piece of some contact's text, its case and spacing changed, or a whole one. */
function needle(): string {
  const piece = random.pick([...PIECES, 'ива', 'ёл', 'ел', 'петр', 'пётр', 'ANNA  SMITH', '%', '_', '\\', "'", '@example', 'demo', 'a\\b c', '.рф']);
  const cased = chance(0.3) ? piece.toUpperCase() : chance(0.3) ? piece.toLowerCase() : piece;
  if (chance(0.2)) return `  ${cased}${random.pick(SPACES)}${random.pick(PIECES)} `;
  return chance(0.3) ? cased.slice(0, Math.max(1, Math.floor(cased.length / 2))) : cased;
}

function rule(): FilterRule<string> {
  if (chance(0.25)) {
    const field = random.pick(FILTER_BOOLEAN_FIELDS);
    return { field, op: random.pick(['is_true', 'is_false'] as const) };
  }
  const field = chance(0.25) ? `fields.${random.pick([...CUSTOM, 'nobody has it'])}` : random.pick(FILTER_TEXT_FIELDS);
  const op = random.pick(TEXT_OPS);
  return op === 'empty' || op === 'not_empty' ? { field, op } : { field, op, value: needle() };
}

function filter(level = 1): ContactFilter<string> {
  const size = Math.floor(random.next() * 4) + (level === 1 ? 1 : 0);
  return {
    combinator: random.pick(['and', 'or'] as const),
    rules: Array.from({ length: size }, () => (level < MAX_GROUP_DEPTH && chance(0.3) ? filter(level + 1) : rule())),
  };
}

function query(contacts: readonly ContactView[]): string {
  const some = random.pick(contacts);
  const source = random.pick([some.name, some.account ?? '', some.email ?? '', some.phones[0]?.number ?? '', ...PIECES]);
  const start = Math.floor(random.next() * source.length);
  let found = source.slice(start, start + 1 + Math.floor(random.next() * 8));
  if (chance(0.2)) found = found.toUpperCase();
  if (chance(0.1)) found = `  ${found} `;
  return random.pick([found, found, found, found, '', '  ', '%', '_', '\\', '912', '+7 (9', HOSTILE, 'пётр', 'петр']);
}

describe.skipIf(skip)(`contacts in PostgreSQL: search and group filters${skip ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    if (missing) throw new Error(`CRM_SMS_REQUIRE_POSTGRES=1, but ${missing}`);
    server = await startPostgres();
  });

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(async () => {
    pool = new pg.Pool({ connectionString: await server.freshDatabase(), max: 4 });
    await migrate(pool);
  });

  afterEach(async () => {
    await pool.end();
  });

  /** 2,000 contacts, 150 of them written again later (moving to the end of the directory), in memory and in PostgreSQL. */
  async function directory() {
    const written = Array.from({ length: 2_000 }, (_, i) => contact(i));
    for (let k = 0; k < 150; k++) written.push({ ...contact(Math.floor(random.next() * 2_000)) });
    const index = new ContactSearchIndex();
    const slots = new Map<string, number>();
    // The index keeps no crmIds (the contact file's table does): here they are kept by slot beside it.
    const crmIdAt: string[] = [];
    for (const one of written) {
      const slot = slots.get(one.crmId) ?? slots.size;
      slots.set(one.crmId, slot);
      crmIdAt[slot] = one.crmId;
      index.add(one, slot);
    }
    // Written in a few batches, as an import would, and the rewrites one by one.
    for (let start = 0; start < 2_000; start += 700) await upsertContacts(pool, written.slice(start, Math.min(start + 700, 2_000)));
    for (const one of written.slice(2_000)) await upsertContacts(pool, [one]);
    const latest = new Map(written.map((one) => [one.crmId, one]));
    const ordered: ContactView[] = [];
    index.forEachSlot((slot) => void ordered.push(latest.get(crmIdAt[slot]!)!));
    return { index, ordered, crmIdAt };
  }

  it('300 random filters (nested, every field and operator) match the same contacts, in the same order, as compileFilter', async () => {
    const { ordered } = await directory();
    let nonEmpty = 0;
    for (let k = 0; k < 300; k++) {
      const one = filter();
      const expected = ordered.filter(compileFilter(one)).map((c) => c.crmId);
      const label = JSON.stringify(one);
      expect(await crmIdsMatching(pool, one), label).toEqual(expected);
      expect(await countMatching(pool, one), label).toBe(expected.length);
      if (expected.length > 0 && expected.length < ordered.length) nonEmpty++;
    }
    // The filters tell contacts apart: most match some but not all.
    expect(nonEmpty).toBeGreaterThan(150);
  });

  it('200 searches find the same contacts, in the same order, as ContactSearchIndex.search — by table scan and by the trigram indexes', async () => {
    const { index, ordered, crmIdAt } = await directory();
    let found = 0;
    const queries = Array.from({ length: 200 }, () => [query(ordered), 1 + Math.floor(random.next() * 60)] as const);
    for (const scan of ['on', 'off']) {
      await pool.query(`SET enable_seqscan = ${scan}`);
      for (const [text, limit] of queries) {
        const expected = index.search(text, limit).map((slot) => crmIdAt[slot]!);
        const got = (await searchContacts(pool, text, limit)).map((c) => c.crmId);
        expect(got, `${JSON.stringify(text)} limit ${limit}, seqscan ${scan}`).toEqual(expected);
        found += expected.length;
      }
    }
    expect(found).toBeGreaterThan(1_000);
  });

  it('a hostile value or custom field name finds nothing and drops nothing', async () => {
    await upsertContacts(pool, [contact(1), contact(2), { ...contact(3), name: 'Безобидный' }]);
    const hostile: ContactFilter<string>[] = [
      { combinator: 'and', rules: [{ field: 'name', op: 'eq', value: `x${HOSTILE}` }] },
      { combinator: 'or', rules: [{ field: 'name', op: 'contains', value: `zz${HOSTILE}` }] },
      { combinator: 'or', rules: [{ field: `fields.${HOSTILE}x`, op: 'not_empty' }] },
      { combinator: 'or', rules: [{ field: `fields.x') IS NULL OR TRUE; --`, op: 'not_empty' }] },
      { combinator: 'or', rules: [{ field: 'city', op: 'starts_with', value: `%` }] },
    ];
    for (const one of hostile) {
      expect(filterToSql(one).sql).not.toContain('DROP');
      expect(await countMatching(pool, one), JSON.stringify(one)).toBe(0);
    }
    expect(await searchContacts(pool, `zz${HOSTILE}`, 10)).toEqual([]);
    expect((await pool.query('SELECT count(*)::int AS n FROM contacts')).rows[0].n).toBe(3);
    expect(await countMatching(pool, { combinator: 'and', rules: [{ field: 'name', op: 'eq', value: 'безобидный' }] })).toBe(1);
  });

  it('refuses groups nested deeper than the schema allows, and unknown fields, with a ContactFilterError', () => {
    let deep: ContactFilter<string> = { combinator: 'and', rules: [{ field: 'hasPhone', op: 'is_true' }] };
    for (let level = 1; level < MAX_GROUP_DEPTH; level++) deep = { combinator: 'or', rules: [deep] };
    expect(() => filterToSql(deep)).not.toThrow();
    expect(() => filterToSql({ combinator: 'and', rules: [deep] })).toThrow(ContactFilterError);
    expect(() => filterToSql({ combinator: 'and', rules: [{ field: 'name); DROP TABLE contacts; --', op: 'eq', value: 'x' }] })).toThrow(ContactFilterError);
  });

  it('a name-contains search at 100k contacts uses the trigram index', async () => {
    const started = Date.now();
    // The 100k rows straight from generate_series (the bulk upsert takes ~27 s for them here), the one to find by upsertContacts.
    await pool.query(
      `INSERT INTO contacts (crm_id, record, name, name_cmp, name_lower, email_lower, phone_digits, has_phone, has_mobile)
       SELECT 'bulk:' || i, '{}', n, n, n, 'user' || i || '@example.com', '7912' || lpad(i::text, 7, '0'), true, true
         FROM generate_series(1, 100000) AS i, LATERAL (SELECT (ARRAY[$1, $2, $3, $4])[1 + i % 4] || ' ' || (ARRAY[$5, $6, $7])[1 + i % 3] || ' ' || i AS n) AS made`,
      ['иван', 'пётр', 'anna', 'ооо «ромашка»', 'москва', 'смит', 'o’neil'],
    );
    await upsertContacts(pool, [{ ...contact(77_777), name: 'Аполлинария Ёжикова' }]);
    const insertMs = Date.now() - started;
    await pool.query('ANALYZE contacts');
    const { sql, params } = searchToSql('ёжиков', 50);
    const plan = JSON.stringify((await pool.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)).rows[0]);
    expect(plan).toContain('contacts_name_lower_trgm');
    const timings: string[] = [];
    for (const text of ['ёжиков', 'аполлинария', 'смит 4242', '79120012345', 'ромашка', 'nobody at all']) {
      const from = performance.now();
      const found = await searchContacts(pool, text, 50);
      timings.push(`${JSON.stringify(text)} ${(performance.now() - from).toFixed(1)} ms (${found.length})`);
    }
    expect((await searchContacts(pool, 'ёжиков', 50)).map((c) => c.crmId)).toEqual(['demo:crm.example:77777']);
    console.info(`[postgres] 100k contacts inserted in ${insertMs} ms; search: ${timings.join(', ')}`);
  }, 30_000);
});
