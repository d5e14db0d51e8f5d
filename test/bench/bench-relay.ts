// What the benches share: a relay in its own process against a fake SMS.ru, its contacts and
// mailings made over the HTTP API, and the process's memory and I/O read from /proc.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { FakeSmsRu } from '../fakes/fake-smsru';
import { spawnRelay, type RelayProcess } from '../support/spawn-relay';

export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function procStats(pid: number): { peakRssMb: number; rssMb: number; writtenMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  const written = Number(/^write_bytes:\s+(\d+)/m.exec(io)?.[1] ?? 0);
  return { peakRssMb: kb('VmHWM'), rssMb: kb('VmRSS'), writtenMb: written / 1024 / 1024 };
}

/** Starts the peak-RSS count afresh (Linux: clear_refs 5), so a phase's peak is its own. */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

export async function api(relay: RelayProcess, token: string | undefined, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(relay.url + path, {
    method,
    headers: { authorization: `Bearer ${token ?? relay.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

let built = false;

/** The relay as `npm start` runs it (built once per bench run, from the code as it is) on `dataDir`, sending through `fake`. */
export function spawnBenchRelay(fake: FakeSmsRu, dataDir: string, env: Record<string, string>, timeoutMs?: number): Promise<RelayProcess> {
  if (!built) execFileSync('npm', ['run', '--silent', 'build:relay'], { stdio: 'inherit' });
  built = true;
  return spawnRelay(
    {
      DATA_DIR: dataDir,
      PROVIDER: 'smsru',
      SMSRU_API_ID: fake.apiId,
      SMSRU_BASE_URL: fake.url,
      DEMO_CRM: 'false',
      ...(process.env.RELAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.RELAY_NODE_OPTIONS } : {}),
      ...env,
    },
    timeoutMs,
    'built',
  );
}

/** `count` contacts with a mobile each, and a dynamic group of them all; returns the group's id. */
export async function seedContacts(relay: RelayProcess, count: number): Promise<string> {
  for (let from = 0; from < count; from += 5000) {
    const contacts = Array.from({ length: Math.min(5000, count - from) }, (_, k) => {
      const i = from + k;
      return {
        crmId: `bench:${i}`,
        snapshot: {
          name: `Клиент ${i}`,
          firstName: `Имя${i}`,
          phones: [{ number: `+79${String(100000000 + i)}`, type: 'mobile' }],
          account: i % 2 ? 'Ромашка' : 'Лютик',
        },
      };
    });
    await api(relay, undefined, 'POST', '/api/contacts/bulk', { contacts });
  }
  const group = await api(relay, undefined, 'POST', '/api/groups', {
    name: 'Все',
    kind: 'dynamic',
    filter: { combinator: 'and', rules: [{ field: 'hasMobile', op: 'is_true' }] },
  });
  return group.id as string;
}

/** A draft instant mailing to the group; returns its id. */
export async function createMailing(relay: RelayProcess, groupId: string, name = 'Bench'): Promise<string> {
  const mailing = await api(relay, undefined, 'POST', '/api/mailings', {
    name,
    launchType: 'instant',
    text: 'Здравствуйте, {{contact.firstName}}! Скидка 10% для {{account.name}}.',
  });
  await api(relay, undefined, 'PUT', `/api/mailings/${mailing.id}/audience`, { groups: [groupId] });
  return mailing.id as string;
}

/** Launches the mailing (naming the pre-flight it follows, if any) and polls its stats every 25 ms until it is no longer running. */
export async function runToEnd(relay: RelayProcess, mailingId: string, preflightId?: string) {
  const latencies: number[] = [];
  const started = performance.now();
  const launched = await api(relay, undefined, 'POST', `/api/mailings/${mailingId}/launch`, preflightId ? { preflightId } : undefined);
  if (launched.error) throw new Error(`the launch was refused: ${JSON.stringify(launched.error)}`);
  let stats: any;
  for (;;) {
    const t0 = performance.now();
    stats = await api(relay, undefined, 'GET', `/api/mailings/${mailingId}/stats`);
    latencies.push(performance.now() - t0);
    if (stats.status !== 'running') break;
    await sleep(25);
  }
  return { seconds: (performance.now() - started) / 1000, stats, latencies: latencies.sort((a, b) => a - b) };
}

/** How many numbers each `sms/send` request carried (`to[phone]=text` or `to=a,b`). */
export function numbersIn(form: URLSearchParams): number {
  return [...form.keys()].filter((k) => k.startsWith('to[')).length || (form.get('to') ?? '').split(',').filter(Boolean).length;
}
