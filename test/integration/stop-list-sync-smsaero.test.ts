import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCredentials } from '../fakes/fake-http-server';
import { startFakeSmsAero, type FakeSmsAero } from '../fakes/fake-smsaero';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { expectStatus as ok } from '../support/answers';

/** The relay's stop list and SMS Aero's black list (`blacklist/add`, `blacklist/list`, `blacklist/delete`), both ways. */

const EMAIL = 'shop@example.com';
const API_KEY = 'aero-key-for-sync-test-00000000';

let fake: FakeSmsAero;
let relay: TestRelay;
beforeAll(async () => {
  // Two entries a page: the relay has to follow `links.next` to see the whole list.
  fake = await startFakeSmsAero({ email: EMAIL, apiKey: API_KEY, listPageSize: 2 });
  relay = await startTestRelay({ PROVIDER: 'smsaero', SMSAERO_EMAIL: EMAIL, SMSAERO_API_KEY: API_KEY, SMSAERO_BASE_URL: fake.url, PROVIDER_TIMEOUT_MS: '2000' });
});
afterAll(async () => {
  await relay.dispose();
  await fake.close();
});

const calls = (method: string) => fake.requests.filter((r) => r.path === `/v2/${method}`);

describe('the stop list synced with SMS Aero', () => {
  it('puts a number the relay lists on the black list once, and deletes its entry when an admin takes it off', async () => {
    await ok(relay.call('POST', '/api/stop-list', { body: { phone: '+7 912 100-00-01' } }), 201);
    await expect.poll(() => fake.blacklist()).toEqual(['79121000001']);
    expect(basicCredentials(calls('blacklist/add')[0]!)).toBe(`${EMAIL}:${API_KEY}`);

    // Listed again on the relay (a STOP reply after an agent's removal): still one entry at SMS Aero.
    await ok(relay.call('DELETE', '/api/stop-list/79121000001', { role: 'admin', body: { reason: 'ошибка' } }));
    await expect.poll(() => fake.blacklist()).toEqual([]);
    expect(calls('blacklist/delete')).toHaveLength(1);
    fake.addToBlacklist('79121000001');
    await ok(relay.call('POST', '/api/stop-list', { body: { phone: '+79121000001' } }), 201);
    expect(await ok(relay.call('POST', '/api/stop-list/sync', { role: 'admin' }))).toMatchObject({ pending: 0, error: null });
    expect(fake.blacklist()).toEqual(['79121000001']);
  });

  it("reads every page of SMS Aero's black list in, without pushing its own numbers back", async () => {
    for (const phone of ['79121000002', '79121000003', '79121000004']) fake.addToBlacklist(phone);
    const adds = calls('blacklist/add').length;
    const report = await ok(relay.call('POST', '/api/stop-list/sync', { role: 'admin' }));
    expect(report).toMatchObject({ provider: 'smsaero', pulled: { listed: 4, added: 3, unreadable: 0 }, pushed: { added: 0, removed: 0 }, pending: 0, error: null });
    expect(calls('blacklist/list').some((r) => r.query.get('page') === '2')).toBe(true);
    for (const phone of ['79121000002', '79121000003', '79121000004']) {
      expect((await ok(relay.call('GET', `/api/stop-list/${phone}`))).entry).toMatchObject({ source: 'provider', addedBy: 'smsaero' });
    }
    expect(calls('blacklist/add')).toHaveLength(adds);
    const listed = await ok(relay.call('GET', '/api/stop-list', { role: 'marketer' }));
    expect(listed.total).toBe(4);
  });
});
