// npm run bench (part): a 100,000-recipient mailing through a fake SMS.ru on 127.0.0.1, the relay in
// its own process: time, messages/s, the relay's peak RSS and bytes written, stats latency; then
// the same at a 200 messages/s limit; and the pre-flight figures for 100k.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { spawnRelay, type RelayProcess } from '../support/spawn-relay';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function procStats(pid: number): { peakRssMb: number; rssMb: number; writtenMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  const written = Number(/^write_bytes:\s+(\d+)/m.exec(io)?.[1] ?? 0);
  return { peakRssMb: kb('VmHWM'), rssMb: kb('VmRSS'), writtenMb: written / 1024 / 1024 };
}

/** Starts the peak-RSS count afresh (Linux: clear_refs 5), so a phase's peak is its own. */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

async function api(relay: RelayProcess, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(relay.url + path, {
    method,
    headers: { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

async function setUp(fake: FakeSmsRu, count: number, env: Record<string, string>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-bench-'));
  const relay = await spawnRelay({ DATA_DIR: dataDir, PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, DEMO_CRM: 'false', ...(process.env.RELAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.RELAY_NODE_OPTIONS } : {}), ...env });
  for (let from = 0; from < count; from += 5000) {
    const contacts = Array.from({ length: Math.min(5000, count - from) }, (_, k) => {
      const i = from + k;
      return { crmId: `bench:${i}`, snapshot: { name: `Клиент ${i}`, firstName: `Имя${i}`, phones: [{ number: `+79${String(100000000 + i)}`, type: 'mobile' }], account: i % 2 ? 'Ромашка' : 'Лютик' } };
    });
    await api(relay, 'POST', '/api/contacts/bulk', { contacts });
  }
  const group = await api(relay, 'POST', '/api/groups', { name: 'Все', kind: 'dynamic', filter: { combinator: 'and', rules: [{ field: 'hasMobile', op: 'is_true' }] } });
  const mailing = await api(relay, 'POST', '/api/mailings', { name: 'Bench', launchType: 'instant', text: 'Здравствуйте, {{contact.firstName}}! Скидка 10% для {{account.name}}.' });
  await api(relay, 'PUT', `/api/mailings/${mailing.id}/audience`, { groups: [group.id] });
  return { relay, dataDir, mailingId: mailing.id as string };
}

async function runToEnd(relay: RelayProcess, mailingId: string) {
  const latencies: number[] = [];
  const started = performance.now();
  await api(relay, 'POST', `/api/mailings/${mailingId}/launch`);
  let stats: any;
  for (;;) {
    const t0 = performance.now();
    stats = await api(relay, 'GET', `/api/mailings/${mailingId}/stats`);
    latencies.push(performance.now() - t0);
    if (stats.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { seconds: (performance.now() - started) / 1000, stats, latencies: latencies.sort((a, b) => a - b) };
}

export async function benchMailing(): Promise<void> {
  const fake = await startFakeSmsRu({ balance: 1e9 });
  try {
    const N = 100_000;
    const { relay, dataDir, mailingId } = await setUp(fake, N, { MAILING_RATE_PER_SECOND: '0', MAILING_CONCURRENCY: '4' });
    try {
      const loaded = procStats(relay.child.pid!);
      console.log(`relay with 100k contacts loaded: RSS ${loaded.rssMb.toFixed(0)} MB (peak while importing them: ${loaded.peakRssMb.toFixed(0)} MB)`);
      resetPeak(relay.child.pid!);
      const preflightStart = performance.now();
      const preflight = await api(relay, 'GET', `/api/mailings/${mailingId}/preflight`);
      const preflightSeconds = (performance.now() - preflightStart) / 1000;
      console.log(`pre-flight for ${preflight.recipients} recipients: ${preflightSeconds.toFixed(2)} s (target ≤ 3 s); ${preflight.totalParts} parts, estimated ${preflight.estimatedCost} ${preflight.currency}`);
      const afterPreflight = procStats(relay.child.pid!);
      console.log(`pre-flight peak RSS ${afterPreflight.peakRssMb.toFixed(0)} MB`);
      resetPeak(relay.child.pid!);
      const before = procStats(relay.child.pid!);
      const sentBefore = fake.sent.length;
      const { seconds, stats, latencies } = await runToEnd(relay, mailingId);
      const after = procStats(relay.child.pid!);
      const phones = fake.sent.slice(sentBefore).map((s) => s.phone);
      const unique = new Set(phones).size;
      console.log(
        `100k mailing, no rate limit: ${stats.counters.sent} sent in ${seconds.toFixed(1)} s = ${Math.round(stats.counters.sent / seconds)} messages/s (target ≥ 5000); ` +
          `relay peak RSS ${after.peakRssMb.toFixed(0)} MB (target ≤ 300); written during the mailing ${(after.writtenMb - before.writtenMb).toFixed(1)} MB; ` +
          `stats p95 ${quantile(latencies, 0.95).toFixed(1)} ms over ${latencies.length} samples (target ≤ 100); ` +
          `provider received ${phones.length} messages for ${unique} numbers (${phones.length - unique} twice)`,
      );
    } finally {
      await relay.kill();
      await rm(dataDir, { recursive: true, force: true });
    }

    const limited = await setUp(fake, 3000, { MAILING_RATE_PER_SECOND: '200', MAILING_CONCURRENCY: '4' });
    try {
      const firstRequest = fake.requests.length;
      const { seconds, stats } = await runToEnd(limited.relay, limited.mailingId);
      const sends = fake.requests.slice(firstRequest).filter((r) => r.path === '/sms/send');
      const times = sends.map((r) => ({ at: r.receivedAt, n: [...r.form.keys()].filter((k) => k.startsWith('to[')).length || (r.form.get('to') ?? '').split(',').length }));
      let worst = 0;
      for (const { at } of times) worst = Math.max(worst, times.filter((t) => t.at >= at && t.at < at + 1000).reduce((sum, t) => sum + t.n, 0));
      const rate = stats.counters.sent / seconds;
      console.log(`3000 at a 200/s limit: ${rate.toFixed(0)} messages/s achieved = ${((rate / 200) * 100).toFixed(1)} % of the limit (target ≥ 95 %); busiest one-second window at the provider: ${worst} messages`);
    } finally {
      await limited.relay.kill();
      await rm(limited.dataDir, { recursive: true, force: true });
    }
  } finally {
    await fake.close();
  }
}
