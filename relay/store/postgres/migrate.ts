import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { Pool } from 'pg';

/** One numbered SQL file of migrations/: `001_mailings_and_recipients.sql` is version 1. */
export interface Migration {
  version: number;
  file: string;
  sql: string;
}

export interface MigrateResult {
  /** Versions this call applied, in order; empty when the schema was already there. */
  applied: number[];
  /** Versions the database has that these migrations do not know (it was migrated by a newer relay). */
  ahead: number[];
}

/** The schema cannot be brought up to date: a migration failed, was edited after it was applied, or a file is misnamed. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** The relay runs from its sources (tsx), so the SQL files sit next to this module. */
export const MIGRATIONS_FOLDER = new URL('./migrations/', import.meta.url);

const FILE_NAME = /^(\d+)_[a-z0-9_]+\.sql$/;
/** Every relay takes this advisory lock to migrate: two starting at once migrate one after the other. */
const LOCK = 'crm-sms schema_migrations';

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

export async function readMigrations(folder: URL = MIGRATIONS_FOLDER): Promise<Migration[]> {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.sql'));
  const migrations = await Promise.all(
    files.map(async (file) => {
      const version = FILE_NAME.exec(file)?.[1];
      if (version === undefined) throw new MigrationError(`${file}: a migration is named <number>_<lowercase_words>.sql`);
      return { version: Number(version), file, sql: await readFile(new URL(file, folder), 'utf8') };
    }),
  );
  migrations.sort((a, b) => a.version - b.version);
  const twice = migrations.find((migration, i) => migrations[i - 1]?.version === migration.version);
  if (twice) throw new MigrationError(`two migrations have version ${twice.version} (${twice.file})`);
  return migrations;
}

/**
 * Applies the migrations the database lacks, in order, each in its own transaction with its row in
 * schema_migrations: a failed one leaves the schema as the one before it left it.
 */
export async function migrate(pool: Pool, migrations?: readonly Migration[]): Promise<MigrateResult> {
  const known = migrations ?? (await readMigrations());
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // A session lock, held across the migrations' transactions; a connection that dies lets it go.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        file text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations');
      const done = new Map(rows.map((row) => [row.version, row.checksum]));
      const applied: number[] = [];
      for (const migration of known) {
        const sum = checksum(migration.sql);
        const stored = done.get(migration.version);
        if (stored !== undefined) {
          if (stored !== sum) throw new MigrationError(`${migration.file} was changed after it was applied: write a new migration instead`);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, file, checksum) VALUES ($1, $2, $3)', [migration.version, migration.file, sum]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new MigrationError(`${migration.file} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.version);
      }
      const ahead = [...done.keys()].filter((version) => !known.some((migration) => migration.version === version)).sort((a, b) => a - b);
      return { applied, ahead };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]);
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // A client that failed is thrown away rather than handed to the next query mid-transaction.
    client.release(broken);
  }
}
