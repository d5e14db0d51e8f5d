import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type RelayConfig } from '../../relay/config';
import { consoleLogger, silentLogger } from '../../relay/logger';
import { startRelay, type RunningRelay } from '../../relay/start-relay';
import type { DataIo } from '../../relay/store/data-io';
import type { Role } from '../../relay/store/tokens';

export interface TestRelay extends RunningRelay {
  dataDir: string;
  config: RelayConfig;
  /** A live token per role, for the users agent / marketer / admin. */
  tokens: Record<Role, string>;
  /** fetch against the relay with a role's token (or none) and a JSON body. */
  call(
    method: string,
    path: string,
    options?: { role?: Role | null; token?: string; body?: unknown; rawBody?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; text: string }>;
  /** Stops the relay and removes its data directory. */
  dispose(): Promise<void>;
}

export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export const testClock = (start = Date.parse('2026-11-24T10:00:00Z')): TestClock => {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
};

/** A real relay on 127.0.0.1 (a free port) with its data in a fresh temp directory. */
export async function startTestRelay(
  env: Record<string, string> = {},
  options: { clock?: { now(): number }; dataDir?: string; scheduler?: boolean; io?: DataIo } = {},
): Promise<TestRelay> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'crmsms-relay-')));
  // No timed rounds unless a test asks: polling and the stop-list sync's schedule would talk to the fakes on their own.
  const config = loadConfig({ env: { PORT: '0', STATUS_POLL_SECONDS: '0', STOP_LIST_SYNC_MINUTES: '0', DATA_DIR: dataDir, ...env }, cwd: dataDir });
  const logger = process.env.DEBUG_RELAY ? consoleLogger : silentLogger;
  const relay = await startRelay(config, { clock: options.clock ?? { now: () => Date.now() }, logger, io: options.io }, { scheduler: options.scheduler ?? true });
  const tokens = {} as Record<Role, string>;
  for (const role of ['agent', 'marketer', 'admin'] as const) {
    tokens[role] = (await relay.store.tokens.create(role, role, new Date())).token;
  }
  const call: TestRelay['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token ?? (o.role === null ? undefined : tokens[o.role ?? 'agent']);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined = o.rawBody;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(relay.url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text };
  };
  return {
    ...relay,
    dataDir,
    config,
    tokens,
    call,
    dispose: async () => {
      await relay.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
