import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { expectStatus as ok } from '../support/answers';

/**
 * The relay's stop list and SMS.ru's own (`stoplist/add`, `stoplist/del`, `stoplist/get`), seen from outside:
 * what reaches the fake SMS.ru when people change the relay's list, what the relay makes of SMS.ru's list, and
 * that a change SMS.ru could not take is pushed again after a restart.
 */

let fake: FakeSmsRu;
const relays: TestRelay[] = [];
beforeAll(async () => {
  fake = await startFakeSmsRu();
});
afterAll(() => fake.close());
afterEach(async () => {
  fake.fail(null);
  fake.stopList.clear();
  for (const relay of relays.splice(0)) await relay.dispose();
});

const env = () => ({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, PROVIDER_TIMEOUT_MS: '2000' });
const start = async () => {
  const relay = await startTestRelay(env());
  relays.push(relay);
  return relay;
};

const sync = (relay: TestRelay) => ok(relay.call('POST', '/api/stop-list/sync', { role: 'admin' }));

describe('the stop list synced with SMS.ru', () => {
  it('says it syncs, and only an admin may ask for a round', async () => {
    const relay = await start();
    const info = await ok(relay.call('GET', '/api/provider'));
    expect(info).toMatchObject({ capabilities: { stopList: 'sync' }, stopListNotice: null });
    const gets = fake.calls('stoplist/get').length;
    expect((await relay.call('POST', '/api/stop-list/sync', { role: 'marketer' })).status).toBe(403);
    expect(fake.calls('stoplist/get')).toHaveLength(gets);
    expect(await sync(relay)).toMatchObject({ provider: 'smsru', pulled: { listed: 0, added: 0, unreadable: 0 }, pending: 0, error: null });
  });

  it('pushes a number an agent adds, and its removal by an admin, to SMS.ru as they happen', async () => {
    const relay = await start();
    const [adds, dels] = [fake.calls('stoplist/add').length, fake.calls('stoplist/del').length];
    await ok(relay.call('POST', '/api/stop-list', { body: { phone: '8 (912) 000-11-22', reason: 'просил по телефону' } }), 201);
    await expect.poll(() => fake.stopList.get('79120001122')).toBe('CRM SMS: Сотрудник из карточки (просил по телефону)');
    const [add] = fake.calls('stoplist/add').slice(adds);
    expect(add!.form.get('api_id')).toBe(fake.apiId);
    expect(add!.form.get('stoplist_phone')).toBe('79120001122');

    await ok(relay.call('DELETE', '/api/stop-list/79120001122', { role: 'admin', body: { reason: 'снова согласился' } }));
    await expect
      .poll(() =>
        fake
          .calls('stoplist/del')
          .slice(dels)
          .map((r) => r.form.get('stoplist_phone')),
      )
      .toEqual(['79120001122']);
    expect(fake.stopList.has('79120001122')).toBe(false);
    expect(await sync(relay)).toMatchObject({ pending: 0, error: null });
  });

  it("takes in SMS.ru's own numbers with source «provider», and never drops a number of its own because SMS.ru lacks it", async () => {
    const relay = await start();
    fake.stopList.set('79120003344', 'Отписка через личный кабинет');
    fake.stopList.set('not-a-number', 'мусор');
    await ok(relay.call('POST', '/api/stop-list', { body: { phone: '+79120005566' } }), 201);
    await expect.poll(() => fake.stopList.has('79120005566')).toBe(true);

    // The account owner removes one of the relay's numbers in SMS.ru's own screens.
    fake.stopList.delete('79120005566');
    const report = await sync(relay);
    expect(report).toMatchObject({ pulled: { listed: 1, added: 1, unreadable: 1 }, pending: 0, error: null });
    const pulled = await ok(relay.call('GET', '/api/stop-list/79120003344'));
    expect(pulled.entry).toMatchObject({ phone: '79120003344', source: 'provider', addedBy: 'smsru', reason: 'Отписка через личный кабинет' });
    // The relay's own number stays on its list and goes back onto SMS.ru's.
    expect((await ok(relay.call('GET', '/api/stop-list/79120005566'))).entry).toMatchObject({ source: 'agent' });
    expect(fake.stopList.has('79120005566')).toBe(true);
    expect(report.pushed).toEqual({ added: 1, removed: 0 });

    // SMS.ru's own number is not pushed back to it: a second round changes nothing.
    const adds = fake.calls('stoplist/add').length;
    expect(await sync(relay)).toMatchObject({ pushed: { added: 0, removed: 0 }, pulled: { listed: 2, added: 0 }, pending: 0 });
    expect(fake.calls('stoplist/add')).toHaveLength(adds);
    // In the audit log: the agent's number as her request, SMS.ru's as the sync's own change, once (the second round added none).
    const audit = (await ok(relay.call('GET', '/api/audit?limit=1000', { role: 'admin' }))).entries;
    expect(audit.filter((e: any) => e.target.phone === '79120005566').map((e: any) => [e.user, e.action])).toEqual([['agent', 'POST /api/stop-list']]);
    expect(audit.filter((e: any) => e.role === 'system')).toEqual([
      expect.objectContaining({
        user: 'system:stop-list-sync',
        action: 'stop-list add',
        target: { phone: '79120003344' },
        details: { source: 'provider', provider: 'smsru', reason: 'Отписка через личный кабинет' },
        status: 200,
      }),
    ]);
    // A card send to it now asks for a second confirmation, as for any listed number.
    expect((await relay.call('POST', '/api/messages', { body: { to: '+79120003344', text: 'x' } })).body.error.code).toBe('on_stop_list');
  });

  it('pushes a change SMS.ru could not take after a restart, once, from the ledger on disk', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-sync-'));
    const startOn = () => startTestRelay(env(), { dataDir });
    let running: TestRelay | undefined;
    try {
      const first = (running = await startOn());
      fake.fail({ code: 220 });
      await ok(first.call('POST', '/api/stop-list', { body: { phone: '+79120007788' } }), 201);
      // Rounds take turns: this one ends after the push the change started.
      expect(await sync(first)).toMatchObject({ pending: 1, error: { code: 'service_unavailable' }, pulled: null });
      expect(fake.calls('stoplist/add').length).toBeGreaterThan(0);
      expect(fake.stopList.has('79120007788')).toBe(false);
      await first.close();
      running = undefined;

      fake.fail(null);
      const second = (running = await startOn());
      await expect.poll(() => fake.stopList.has('79120007788')).toBe(true);
      expect(await sync(second)).toMatchObject({ pushed: { added: 0, removed: 0 }, pending: 0 });
      await second.close();
      running = undefined;

      // Acknowledged on disk: a third start owes SMS.ru nothing.
      const adds = fake.calls('stoplist/add').length;
      const third = (running = await startOn());
      expect(await sync(third)).toMatchObject({ pushed: { added: 0, removed: 0 }, pending: 0 });
      expect(fake.calls('stoplist/add')).toHaveLength(adds);
    } finally {
      await running?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
