import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where `npm run build:relay` puts the relay, relative to the repository. */
export const BUILT_RELAY = '.output/relay/main.mjs';
/**
 * What `npm start` sets for the built relay (package.json; a unit test holds the two alike): glibc's
 * malloc serves every block over 128 KB from its own mapping, given back when freed. By default the
 * threshold rises with each large block freed, and then the imports' buffers come from the heap, which
 * keeps the pages: after three re-imports of 100k contacts RSS stayed at 203 MB, with it 139 MB.
 */
export const BUILT_RELAY_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };

export interface RelayProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** The admin token printed on a first start, if any. */
  adminToken?: string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the relay as its own process and waits until it listens: `relay/main.ts` through tsx (the tests), or
 * the bundle `npm run build:relay` made, which is what `npm start` runs (the benches: tsx's loader alone
 * costs about 50 MB of RSS).
 */
export async function spawnRelay(env: Record<string, string>, timeoutMs = 15_000, run: 'source' | 'built' = 'source'): Promise<RelayProcess> {
  const child = spawn(process.execPath, run === 'built' ? [BUILT_RELAY] : ['--import', 'tsx', 'relay/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', STATUS_POLL_SECONDS: '0', ...(run === 'built' ? BUILT_RELAY_ENV : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && (!output.includes('First start') || /Admin token:\s+\S+/.test(output))) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    url,
    output: () => output,
    adminToken: /Admin token:\s+(\S+)/.exec(output)?.[1],
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function runRelayCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}
