import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAILING_STATUSES, RECIPIENT_STATES, SKIP_REASONS } from '../../shared/mailings';
import { migrate, MigrationError, readMigrations } from '../../relay/store/postgres/migrate';
import { postgresGate, startPostgres, type TestPostgres } from '../support/postgres';

/** The numbered SQL migrations on a real PostgreSQL (see postgres-claims.test.ts for when it is skipped). */
const { missing, skip } = postgresGate();
if (skip) console.warn(`[postgres] skipped: ${missing}`);

let server: TestPostgres;
let url: string;
let pools: pg.Pool[] = [];
let folder: string;

const newPool = () => {
  const opened = new pg.Pool({ connectionString: url, max: 2 });
  pools.push(opened);
  return opened;
};

/** A migrations folder of these files, read as the relay reads its own. */
async function migrations(files: Record<string, string>) {
  for (const [file, sql] of Object.entries(files)) await writeFile(join(folder, file), sql);
  return readMigrations(pathToFileURL(`${folder}/`));
}

const applied = async (pool: pg.Pool) => (await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((row) => row.version);
const tables = async (pool: pg.Pool) =>
  (await pool.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((row) => row.name);

describe.skipIf(skip)(`migrations on PostgreSQL${skip ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    if (missing) throw new Error(`CRM_SMS_REQUIRE_POSTGRES=1, but ${missing}`);
    server = await startPostgres();
  });

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(async () => {
    url = await server.freshDatabase();
    folder = await mkdtemp(join(tmpdir(), 'crmsms-migrations-'));
  });

  afterEach(async () => {
    await Promise.all(pools.map((opened) => opened.end()));
    pools = [];
    await rm(folder, { recursive: true, force: true });
  });

  it("reads the relay's own SQL files next to the module, at run time", async () => {
    const shipped = await readMigrations();
    expect(shipped.map(({ version, file }) => [version, file])).toEqual([
      [1, '001_mailings_and_recipients.sql'],
      [2, '002_send_budget.sql'],
      [3, '003_contacts.sql'],
      [4, '004_tokens.sql'],
      [5, '005_groups.sql'],
      [6, '006_stop_list.sql'],
      [7, '007_consents.sql'],
      [8, '008_audit_log.sql'],
      [9, '009_messages.sql'],
      [10, '010_inbound_messages.sql'],
    ]);
    expect(shipped[0]!.sql).toMatch(/CREATE TABLE mailing_recipients/);
  });

  it('applies them once: a second run (a restart) applies none and changes nothing', async () => {
    const pool = newPool();
    expect(await migrate(pool)).toEqual({ applied: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ahead: [] });
    expect(await tables(pool)).toEqual([
      'audit_entries',
      'audit_outcomes',
      'collection_changes',
      'consents',
      'contacts',
      'groups',
      'inbound_messages',
      'inbound_senders',
      'mailing_recipients',
      'mailings',
      'messages',
      'schema_migrations',
      'send_budgets',
      'stop_list',
      'stop_list_events',
      'tokens',
    ]);
    expect(await migrate(pool)).toEqual({ applied: [], ahead: [] });
    expect(await applied(pool)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('five relays starting at once: every one succeeds, each migration is applied once', async () => {
    const known = await migrations({
      '001_first.sql': 'CREATE TABLE first (id int PRIMARY KEY);',
      '002_second.sql': 'CREATE TABLE second (id int PRIMARY KEY); INSERT INTO first VALUES (1);',
      '010_third.sql': 'ALTER TABLE second ADD COLUMN name text;',
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(newPool(), known)));
    expect(results.flatMap((result) => result.applied).sort((a, b) => a - b)).toEqual([1, 2, 10]);
    // One relay did the work; the others found it done when the lock came to them.
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
    const pool = newPool();
    expect(await applied(pool)).toEqual([1, 2, 10]);
    expect((await pool.query('SELECT count(*)::int AS n FROM first')).rows[0].n).toBe(1);
  });

  it('a failing migration is rolled back as a whole; those before it stay, and it is applied once fixed', async () => {
    const pool = newPool();
    await migrate(pool, await migrations({ '001_first.sql': 'CREATE TABLE first (id int);' }));
    const broken = await migrations({ '002_second.sql': 'CREATE TABLE second (id int); INSERT INTO nowhere VALUES (1);' });
    await expect(migrate(pool, broken)).rejects.toThrow(MigrationError);
    await expect(migrate(pool, broken)).rejects.toThrow(/002_second\.sql failed: relation "nowhere" does not exist/);
    expect(await applied(pool)).toEqual([1]);
    expect(await tables(pool)).toEqual(['first', 'schema_migrations']);

    const fixed = await migrations({ '002_second.sql': 'CREATE TABLE second (id int);' });
    expect(await migrate(pool, fixed)).toEqual({ applied: [2], ahead: [] });
  });

  it('refuses a migration edited after it was applied, and says which versions the database has that the relay does not know', async () => {
    const pool = newPool();
    await migrate(pool, await migrations({ '001_first.sql': 'CREATE TABLE first (id int);', '002_second.sql': 'CREATE TABLE second (id int);' }));
    await rm(join(folder, '002_second.sql'));
    expect(await migrate(pool, await migrations({}))).toEqual({ applied: [], ahead: [2] });
    const edited = await migrations({ '001_first.sql': 'CREATE TABLE first (id bigint);' });
    await expect(migrate(pool, edited)).rejects.toThrow(/001_first\.sql was changed after it was applied/);
  });

  it('refuses a misnamed file and two files of one version', async () => {
    await expect(migrations({ '003-third.sql': 'SELECT 1;' })).rejects.toThrow(/003-third\.sql: a migration is named/);
    await rm(join(folder, '003-third.sql'));
    await expect(migrations({ '003_a.sql': 'SELECT 1;', '3_b.sql': 'SELECT 1;' })).rejects.toThrow(/two migrations have version 3/);
  });

  it('accepts every mailing status, recipient state and skip reason of shared/mailings.ts, and nothing else', async () => {
    const pool = newPool();
    await migrate(pool);
    for (const status of MAILING_STATUSES) await pool.query('INSERT INTO mailings (id, status, record) VALUES ($1, $1, $2)', [status, {}]);
    const insert = (idx: number, state: string, skip: string | null) =>
      pool.query(
        `INSERT INTO mailing_recipients (mailing_id, idx, contact_id, name, parts, state, skip, lease_until, lease_owner, fence)
         VALUES ('draft', $1, 'c', 'n', 1, $2, $3, now(), 'relay', 1)`,
        [idx, state, skip],
      );
    let idx = 0;
    for (const state of RECIPIENT_STATES) await insert(idx++, state, null);
    for (const reason of SKIP_REASONS) await insert(idx++, 'skipped', reason);
    await expect(pool.query(`INSERT INTO mailings (id, status, record) VALUES ('x', 'archived', '{}')`)).rejects.toThrow(/check constraint/);
    await expect(insert(idx++, 'pending', null)).rejects.toThrow(/check constraint/);
    await expect(insert(idx++, 'skipped', 'bored')).rejects.toThrow(/check constraint/);
    // A recipient being sent always has its lease, its holder and its token.
    await expect(
      pool.query(`INSERT INTO mailing_recipients (mailing_id, idx, contact_id, name, parts, state) VALUES ('draft', 999, 'c', 'n', 1, 'sending')`),
    ).rejects.toThrow(/check constraint/);
  });
});
