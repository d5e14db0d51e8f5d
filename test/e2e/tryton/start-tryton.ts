import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SETUP = fileURLToPath(new URL('./setup-tryton.sh', import.meta.url));
const REQUIRED = ['/usr/bin/trytond', '/usr/bin/trytond-admin', '/usr/share/tryton-sao/www/index.html', '/usr/lib/python3/dist-packages/trytond/modules/company'];

export const TRYTON_INSTALL = 'apt-get install -y --no-install-recommends tryton-server tryton-modules-party tryton-modules-company tryton-sao';

/** What setup-tryton.sh creates: the database, its administrator, and the parties of seed-parties.py (ids 1–4). */
export const TRYTON = { database: 'crm', login: 'admin', password: 'admin', user: 'Сергей Админов' } as const;

/** Why Tryton cannot run here (a missing file, with the command that installs it), or null. */
export function trytonMissing(): string | null {
  const missing = REQUIRED.filter((path) => !existsSync(path));
  return missing.length > 0 ? `Tryton is not installed (no ${missing.join(', ')}); install it with: ${TRYTON_INSTALL}` : null;
}

export interface RunningTryton {
  /** The web client, e.g. http://127.0.0.1:41234 */
  url: string;
  /** How long the database set-up and the server start took, in ms. */
  timings: { setupMs: number; startMs: number };
  /** Everything trytond printed so far. */
  output(): string;
  /** Stops trytond and removes its directory. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A fresh Tryton (database set up by setup-tryton.sh in a new temp directory) serving its web client on 127.0.0.1. */
export async function startTryton(timeoutMs = 60_000): Promise<RunningTryton> {
  const missing = trytonMissing();
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), 'crmsms-tryton-'));
  const port = await freePort();
  const started = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      execFile('bash', [SETUP, dir, String(port)], { timeout: timeoutMs }, (error, stdout, stderr) =>
        error ? reject(new Error(`setup-tryton.sh failed: ${error.message}\n${stdout}${stderr}`)) : resolve(),
      );
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const setupMs = Date.now() - started;

  const child = spawn('/usr/bin/trytond', ['-c', join(dir, 'trytond.conf')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`trytond exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`trytond did not answer at ${url} within ${timeoutMs} ms:\n${output}`);
      const ok = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, timings: { setupMs, startMs: Date.now() - started - setupMs }, output: () => output, stop };
}
