import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContactStore } from '../../relay/store/contacts';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay } from '../support/relay-harness';
import { spawnRelay } from '../support/spawn-relay';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crmsms-crash-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a kill -9 never leaves a torn database', () => {
  it('messages.json stays valid JSON and never shrinks across 12 kills mid-write', async () => {
    const file = join(dir, 'messages.json');
    let lastCount = 0;
    for (let round = 0; round < 12; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/write-messages-forever.ts', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const messages = JSON.parse(await readFile(file, 'utf8')).messages as unknown[];
      expect(messages.length).toBeGreaterThanOrEqual(lastCount);
      lastCount = messages.length;
    }
    expect(lastCount).toBeGreaterThan(0);
  }, 60_000);

  it('contacts.jsonl keeps every group of contacts whole (all 500 or none) across 12 kills mid-write', async () => {
    const file = join(dir, 'contacts.jsonl');
    let lastSize = 0;
    for (let round = 0; round < 12; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/write-contacts-forever.ts', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const store = ContactStore.open(file);
      const perRound = new Map<string, number>();
      for (const contact of store.all()) perRound.set(contact.fields.round!, (perRound.get(contact.fields.round!) ?? 0) + 1);
      // A round's 500 contacts are all its own, except those a later round wrote over (the ids wrap at 20,000).
      const rounds = [...perRound.keys()].map(Number).sort((a, b) => a - b);
      const latest = rounds.at(-1)!;
      expect(perRound.get(String(latest))).toBe(500);
      expect(store.size).toBeGreaterThanOrEqual(lastSize);
      lastSize = store.size;
      store.close();
    }
    expect(lastSize).toBeGreaterThan(0);
  }, 60_000);
});

describe('a message in flight when the relay dies', () => {
  let fake: FakeSmsRu;
  beforeAll(async () => {
    fake = await startFakeSmsRu();
  });
  afterAll(() => fake.close());

  it('is marked "unknown" on restart and never sent again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-inflight-'));
    const env = { DATA_DIR: dataDir, PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url };
    const first = await spawnRelay(env);
    fake.fail({ delayMs: 5_000 });
    const pending = fetch(`${first.url}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+79123456789', text: 'in flight', contact: { crmId: 'demo:1' } }),
    }).catch(() => 'connection lost');
    await vi.waitFor(() => expect(fake.calls('sms/send')).toHaveLength(1), { timeout: 10_000, interval: 10 });
    await first.kill('SIGKILL');
    expect(await pending).toBe('connection lost');
    fake.fail(null);

    const second = await spawnRelay(env);
    try {
      expect(second.output()).toMatch(/1 message\(s\) were being sent when the relay stopped/);
      const listed = await fetch(`${second.url}/api/messages?contactId=demo:1`, { headers: { authorization: `Bearer ${first.adminToken}` } });
      const { messages } = (await listed.json()) as { messages: { status: string; error: { code: string } }[] };
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ status: 'unknown', error: { code: 'lost_in_crash' } });
      expect(fake.calls('sms/send')).toHaveLength(1);
      // Positive control, and the barrier instead of a pause: the restarted relay does send, and a re-send
      // of the lost message would have gone to the provider ahead of this one.
      const after = await fetch(`${second.url}/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+79123456780', text: 'after the restart', contact: { crmId: 'demo:2' } }),
      });
      expect(after.status).toBe(201);
      expect(fake.calls('sms/send')).toHaveLength(2);
      expect(fake.calls('sms/send').filter((call) => call.body.includes('79123456789') || call.query.toString().includes('79123456789'))).toHaveLength(1);
    } finally {
      await second.kill();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 40_000);

  it('a data file that is not JSON stops the relay instead of being overwritten', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-corrupt-'));
    await writeFile(join(dataDir, 'messages.json'), '{"messages": [');
    await expect(startTestRelay({}, { dataDir })).rejects.toThrow(/messages\.json is not valid JSON/);
    expect(await readFile(join(dataDir, 'messages.json'), 'utf8')).toBe('{"messages": [');
    await rm(dataDir, { recursive: true, force: true });
  });
});
