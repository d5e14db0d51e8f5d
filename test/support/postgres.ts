import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export const POSTGRES_INSTALL = 'apt-get install -y --no-install-recommends postgresql';
const DEBIAN_ROOT = '/usr/lib/postgresql';
/** The OS user Debian's package creates; initdb and postgres refuse to run as root. */
const OS_USER = 'postgres';

const run = promisify(execFile);

/** The bin folder of the newest PostgreSQL under Debian's /usr/lib/postgresql/<version>/bin, or null. */
export function postgresBin(root = DEBIAN_ROOT): string | null {
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  const newest = versions
    .map(Number)
    .sort((a, b) => b - a)
    .find((version) => existsSync(join(root, String(version), 'bin', 'initdb')) && existsSync(join(root, String(version), 'bin', 'postgres')));
  return newest === undefined ? null : join(root, String(newest), 'bin');
}

/** Why the PostgreSQL tests cannot run here (with the command that installs the server), or null. */
export function postgresMissing(env: NodeJS.ProcessEnv = process.env, root = DEBIAN_ROOT): string | null {
  if (env.TEST_DATABASE_URL) return null;
  return postgresBin(root) ? null : `PostgreSQL is not installed (no initdb and postgres in ${root}/<version>/bin); install it with: ${POSTGRES_INSTALL}`;
}

/**
 * Whether a PostgreSQL suite is skipped: when the server is missing, except in CI
 * (CRM_SMS_REQUIRE_POSTGRES=1, set by .ci/run), where the suite runs and fails on `missing`.
 */
export function postgresGate(env: NodeJS.ProcessEnv = process.env, root = DEBIAN_ROOT): { missing: string | null; skip: boolean } {
  const missing = postgresMissing(env, root);
  return { missing, skip: missing !== null && env.CRM_SMS_REQUIRE_POSTGRES !== '1' };
}

export interface TestPostgres {
  /** A database of its own, e.g. postgres://postgres:…@127.0.0.1:41234/crmsms */
  url: string;
  /** Another empty database on the same server (dropped or thrown away at stop). */
  freshDatabase(): Promise<string>;
  /** How long initdb and the server's start took, in ms (0 against TEST_DATABASE_URL). */
  timings: { initMs: number; startMs: number };
  /** Everything the server printed so far. */
  output(): string;
  /** Stops the server and removes its folder; against TEST_DATABASE_URL, drops the databases made. */
  stop(): Promise<void>;
}

const databaseName = () => `crmsms_${randomBytes(6).toString('hex')}`;

function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/** Runs one statement on its own connection (CREATE and DROP DATABASE cannot run in a pool's transaction). */
async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Databases made on a server: its name is ours (hex), so it is quoted, never taken from outside. */
function databases(adminUrl: string, options = '') {
  const made: string[] = [];
  return {
    async create(): Promise<string> {
      const name = databaseName();
      await adminQuery(adminUrl, `CREATE DATABASE "${name}" ${options}`);
      made.push(name);
      return withDatabase(adminUrl, name);
    },
    async dropAll(): Promise<void> {
      for (const name of made.splice(0)) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/**
 * Where the cluster lives: /dev/shm when it has room (a container's 64 MB one has not), as a cluster on this
 * machine's disk starts in twice the time and makes a database in 5–10 times (2.4 s and 300 ms against 1.3 s and 40 ms).
 */
async function clusterParent(): Promise<string> {
  const room = await statfs('/dev/shm').then(
    (stats) => stats.bavail * stats.bsize,
    () => 0,
  );
  return room >= 1024 ** 3 ? '/dev/shm' : tmpdir();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The command line that runs `bin` as the postgres OS user when we are root (setpriv execs: the pid is the server's). */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['setpriv', ['--reuid', OS_USER, '--regid', OS_USER, '--init-groups', '--', bin, ...args]] : [bin, args];
}

async function connects(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A PostgreSQL for one test file: TEST_DATABASE_URL's server if set, else a throwaway cluster on 127.0.0.1. */
export async function startPostgres(timeoutMs = 30_000): Promise<TestPostgres> {
  const existing = process.env.TEST_DATABASE_URL;
  if (existing) {
    const made = databases(existing);
    return { url: await made.create(), freshDatabase: () => made.create(), timings: { initMs: 0, startMs: 0 }, output: () => '', stop: () => made.dropAll() };
  }
  const bin = postgresBin();
  if (!bin) throw new Error(postgresMissing() ?? 'PostgreSQL is not installed');

  const dir = await mkdtemp(join(await clusterParent(), 'crmsms-postgres-'));
  const data = join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const started = Date.now();
  try {
    await writeFile(join(dir, 'password'), `${password}\n`);
    if (process.getuid?.() === 0) {
      const id = async (flag: string) => Number((await run('id', [flag, OS_USER])).stdout.trim());
      const [uid, gid] = [await id('-u'), await id('-g')];
      await chown(dir, uid, gid);
      await chown(join(dir, 'password'), uid, gid);
    }
    // --no-sync: a throwaway cluster need not survive a power cut.
    const initdb = ['-D', data, '-U', 'postgres', '--pwfile', join(dir, 'password'), '--auth-host=scram-sha-256', '--auth-local=trust'];
    const [command, args] = asServerUser(join(bin, 'initdb'), [...initdb, '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
    await run(command, args, { cwd: dir, timeout: timeoutMs }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`initdb failed: ${error.message}\n${error.stderr ?? ''}`);
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const initMs = Date.now() - started;

  const port = await freePort();
  // fsync, synchronous commit and full-page writes off: the tests are about SQL, not about crash safety of the disk.
  const settings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'listen_addresses=127.0.0.1', `unix_socket_directories=${dir}`];
  const [command, args] = asServerUser(join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])]);
  const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test process that exits without stop() (a crash, process.exit) takes its server and folder with it.
  const leftBehind = () => {
    child.kill('SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', leftBehind);
  const stopServer = async () => {
    process.off('exit', leftBehind);
    // A smart shutdown (SIGTERM) waits for the sessions a pool's end() is still closing: a fast one would end them with an
    // error the pool throws, as nobody listens any more. A session left open gets the fast one (SIGINT) after a while.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const fast = setTimeout(() => child.kill('SIGINT'), 3_000);
    await exited;
    clearTimeout(fast);
    await rm(dir, { recursive: true, force: true });
  };

  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  // From PostgreSQL 15 a database is copied through the WAL by default; copying its files is 2–10 times quicker here.
  const made = databases(adminUrl, Number(bin.split('/').at(-2)) >= 15 ? 'STRATEGY = FILE_COPY' : '');
  try {
    for (const deadline = Date.now() + timeoutMs; !(await connects(adminUrl)); await new Promise((resolve) => setTimeout(resolve, 10))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections on 127.0.0.1:${port} within ${timeoutMs} ms:\n${output}`);
    }
    const url = await made.create();
    return { url, freshDatabase: () => made.create(), timings: { initMs, startMs: Date.now() - started - initMs }, output: () => output, stop: stopServer };
  } catch (error) {
    await stopServer();
    throw error;
  }
}
