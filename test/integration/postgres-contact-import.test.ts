import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactView } from '../../shared/api';
import { compileFilter } from '../../relay/groups/contact-filter';
import { ContactRowError, countMatching, crmIdsMatching, searchContacts, upsertContacts, type UpsertWay } from '../../relay/store/postgres/contact-rows';
import { migrate } from '../../relay/store/postgres/migrate';
import { postgresGate, startPostgres, type TestPostgres } from '../support/postgres';
import { seededRandom } from '../support/seeded-random';

/** The bulk path (COPY into a staging table) writes what the multi-row statement writes (see postgres-claims.test.ts for when it is skipped). */
const { missing, skip } = postgresGate();
if (skip) console.warn(`[postgres] skipped: ${missing}`);

let server: TestPostgres;
const random = seededRandom(1616);
const chance = (p: number) => random.next() < p;

// What COPY's text format would take for a delimiter, a line end, an escape or a null if it were not escaped.
const HOSTILE = [
  `'); DROP TABLE contacts; --`,
  'tab\there',
  'line\nbreak',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\',
  '\\.',
  'end\\',
  '\\t\\n',
  '"quoted"',
  '100%_',
  '{"json": [1]}',
  'Ёжиков Пётр',
  'ООО «Ромашка»',
  'Семён   СЕМЕНОВ',
  'İstanbul ΟΔΟΣ',
  '😀 emoji',
  '',
  ' ',
];
const pick = <T>(items: readonly T[]) => items[Math.floor(random.next() * items.length)]!;
const text = () => (chance(0.5) ? pick(HOSTILE) : `${pick(['Иван', 'Мария', 'Anna', 'Пётр'])} ${pick(HOSTILE)} ${Math.floor(random.next() * 1000)}`);
const maybe = () => (chance(0.2) ? undefined : text());

function contact(i: number, version = 0): ContactView {
  const fields: Record<string, string> = {};
  for (const name of ['Сегмент', 'tab\tname', 'back\\slash', '\\N']) if (chance(0.4)) fields[name] = text();
  const digits = `79${String(Math.floor(random.next() * 1e9)).padStart(9, '0')}`;
  const email = maybe();
  return {
    crmId: chance(0.1) ? `import:${i}:${pick(HOSTILE)}` : `import:${i}`,
    name: text(),
    ...(chance(0.8) ? { firstName: maybe() } : {}),
    ...(chance(0.8) ? { lastName: maybe() } : {}),
    phones: chance(0.2)
      ? []
      : [
          { number: `+${digits}`, type: pick(['mobile', 'work'] as const), digits, invalidReason: null },
          ...(chance(0.3) ? [{ number: '+7 (843) 1\t2', type: 'work' as const, digits: null, invalidReason: 'too short' }] : []),
        ],
    ...(email === undefined ? {} : { email }),
    doNotUseSms: pick([true, false, null]),
    account: chance(0.2) ? null : maybe(),
    owner: chance(0.2) ? null : maybe(),
    city: chance(0.2) ? null : maybe(),
    ...(chance(0.8) ? { source: { adapter: pick(['bitrix24', 'amo\tcrm', '\\N']), origin: 'https://crm.example' } } : {}),
    fields,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: `2026-01-0${1 + version}T00:00:00.000Z`,
  };
}

/** Every column of every row, seq included, as PostgreSQL holds it (jsonb as its text, booleans as they are). */
async function dump(pool: pg.Pool): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT c.*, c.record::text AS record, c.fields::text AS fields, c.fields_cmp::text AS fields_cmp FROM contacts c ORDER BY seq`,
  );
  return rows;
}

async function database(): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: await server.freshDatabase(), max: 1 });
  await migrate(pool);
  return pool;
}

/**
 * 1,200 contacts already there, then one call of 3,000: 1,800 new, 600 rewritten, 400 of those given twice or
 * three times (each version different), so that the statement and COPY both see new rows, conflicts and duplicates.
 */
function batches() {
  const before = Array.from({ length: 1_200 }, (_, i) => contact(i));
  const call: ContactView[] = [];
  for (let i = 1_200; i < 3_000; i++) call.push(contact(i));
  for (let k = 0; k < 600; k++) call.splice(Math.floor(random.next() * call.length), 0, { ...contact(k * 2, 1), crmId: before[k * 2]!.crmId });
  for (let k = 0; k < 600; k++) {
    const again = pick(call);
    call.splice(Math.floor(random.next() * call.length), 0, { ...contact(0, 2 + (k % 3)), crmId: again.crmId, name: `again ${k}` });
  }
  return { before, call };
}

/** What the directory must hold after the writes, in directory order: each contact's last version at its last place. */
function expectedOrder(...calls: ContactView[][]): ContactView[] {
  const last = new Map<string, ContactView>();
  for (const one of calls.flat()) {
    last.delete(one.crmId);
    last.set(one.crmId, one);
  }
  return [...last.values()];
}

describe.skipIf(skip)(`contacts in PostgreSQL: the bulk import${skip ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    if (missing) throw new Error(`CRM_SMS_REQUIRE_POSTGRES=1, but ${missing}`);
    server = await startPostgres();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('COPY writes exactly the rows, every column and seq, that the multi-row statement writes for a mixed batch', async () => {
    const { before, call } = batches();
    const dumps: Record<UpsertWay, Record<string, unknown>[]> = { auto: [], statement: [], copy: [] };
    for (const way of ['statement', 'copy', 'auto'] as const) {
      const pool = await database();
      try {
        await upsertContacts(pool, before, way);
        await upsertContacts(pool, call, way);
        dumps[way] = await dump(pool);
      } finally {
        await pool.end();
      }
    }
    const expected = expectedOrder(before, call);
    // Not only the same between the two: what the semantics say, each contact's last version at its last place.
    expect(dumps.copy.map((row) => JSON.parse(row.record as string))).toEqual(expected);
    // The 600 untouched first (seq 1…1,200, in order), then the call's 2,400 contacts on the next seqs, in the call's order.
    expect(dumps.copy.slice(600).map((row) => Number(row.seq))).toEqual(Array.from({ length: 2_400 }, (_, k) => 1_201 + k));
    expect(dumps.copy.length).toBe(3_000);
    // Hostile text came through as text, not as nulls, delimiters or escapes.
    const names = new Set(dumps.copy.map((row) => row.name));
    for (const hostile of ['\\N', 'tab\there', 'line\nbreak', 'back\\slash', '\\.', 'Ёжиков Пётр']) expect(names, hostile).toContain(hostile);
    expect(dumps.copy).toEqual(dumps.statement);
    expect(dumps.auto).toEqual(dumps.statement);
  });

  it('a contact with a NUL refuses the whole call with a ContactRowError, on either way, and nothing is written', async () => {
    const pool = await database();
    try {
      await upsertContacts(
        pool,
        Array.from({ length: 300 }, (_, i) => contact(i)),
      );
      const before = await dump(pool);
      for (const way of ['copy', 'statement', 'auto'] as const) {
        const call = Array.from({ length: 2_500 }, (_, i) => contact(i + (way === 'copy' ? 0 : 5_000)));
        call[2_400] = { ...call[2_400]!, city: 'Мос\0ква' };
        await expect(upsertContacts(pool, call, way)).rejects.toThrow(ContactRowError);
        expect(await dump(pool), way).toEqual(before);
      }
    } finally {
      await pool.end();
    }
  });

  it('an import PostgreSQL refuses near its end leaves nothing, and the same connection imports again afterwards', async () => {
    const pool = await database();
    try {
      const first = Array.from({ length: 500 }, (_, i) => contact(i));
      await upsertContacts(pool, first);
      const before = await dump(pool);
      // A lone surrogate: JSON.stringify writes it as \ud800, which jsonb refuses — after the COPY, in the INSERT.
      const call = Array.from({ length: 6_000 }, (_, i) => contact(i + 250));
      call[5_990] = { ...call[5_990]!, fields: { note: 'broken \ud800' } };
      // The statement way writes 5,000 of them by its first INSERT before its second fails.
      for (const way of ['copy', 'statement'] as const) {
        await expect(upsertContacts(pool, call, way)).rejects.toThrow(/surrogate|json|Unicode/i);
        expect(await dump(pool), way).toEqual(before);
      }
      // The staging table went with the rolled-back transaction: the pool's one connection takes the next import.
      call[5_990] = contact(9_999);
      await upsertContacts(pool, call, 'copy');
      expect((await dump(pool)).map((row) => row.crm_id)).toEqual(expectedOrder(first, call).map((one) => one.crmId));
    } finally {
      await pool.end();
    }
  });

  it('imported contacts are found by search and counted by a group filter', async () => {
    const pool = await database();
    try {
      const call = Array.from({ length: 4_000 }, (_, i) => contact(i));
      call[3_333] = { ...call[3_333]!, name: 'Аполлинария Ёжикова\tмладшая', email: 'apollinaria@example.ru' };
      await upsertContacts(pool, call);
      expect((await searchContacts(pool, 'ёжикова', 50)).map((one) => one.crmId)).toEqual([call[3_333]!.crmId]);
      expect((await searchContacts(pool, 'APOLLINARIA@', 50)).map((one) => one.crmId)).toEqual([call[3_333]!.crmId]);
      const latest = expectedOrder(call);
      const filter = {
        combinator: 'and' as const,
        rules: [
          { field: 'name', op: 'contains' as const, value: 'пётр' },
          { field: 'hasMobile', op: 'is_true' as const },
        ],
      };
      const expected = latest.filter(compileFilter(filter)).map((one) => one.crmId);
      expect(expected.length).toBeGreaterThan(50);
      expect(await countMatching(pool, filter)).toBe(expected.length);
      expect(await crmIdsMatching(pool, filter)).toEqual(expected);
    } finally {
      await pool.end();
    }
  });
});
