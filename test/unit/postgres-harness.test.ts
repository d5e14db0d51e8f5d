import { mkdtemp, rm } from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTGRES_INSTALL, postgresBin, postgresGate, postgresMissing } from '../support/postgres';

describe('the PostgreSQL test harness: what it says when there is no server', () => {
  const nowhere = '/nonexistent/usr/lib/postgresql';

  it('names the Debian package and the command that installs it', () => {
    expect(POSTGRES_INSTALL).toBe('apt-get install -y --no-install-recommends postgresql');
    const missing = postgresMissing({}, nowhere);
    expect(missing).toContain('PostgreSQL is not installed');
    expect(missing).toContain(POSTGRES_INSTALL);
  });

  it('needs no local server when TEST_DATABASE_URL names one', () => {
    expect(postgresMissing({ TEST_DATABASE_URL: 'postgres://u:p@db.internal/postgres' }, nowhere)).toBeNull();
  });

  it('skips outside CI, and runs (to fail on the missing server) when CRM_SMS_REQUIRE_POSTGRES=1', () => {
    expect(postgresGate({}, nowhere).skip).toBe(true);
    expect(postgresGate({ CRM_SMS_REQUIRE_POSTGRES: '1' }, nowhere)).toEqual({ missing: postgresMissing({}, nowhere), skip: false });
  });

  it("takes the newest version of Debian's /usr/lib/postgresql that has both initdb and postgres", async () => {
    const root = await mkdtemp(join(tmpdir(), 'crmsms-pgroot-'));
    try {
      for (const [version, files] of [
        ['9', ['initdb', 'postgres']],
        ['15', ['initdb', 'postgres']],
        ['16', ['initdb', 'postgres']],
        ['17', ['psql']],
      ] as const) {
        mkdirSync(join(root, version, 'bin'), { recursive: true });
        for (const file of files) writeFileSync(join(root, version, 'bin', file), '');
      }
      expect(postgresBin(root)).toBe(join(root, '16', 'bin'));
      expect(postgresGate({}, root)).toEqual({ missing: null, skip: false });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
