import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailingView } from '../../shared/mailings';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { recipientPhone } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';

// A launch freezes the audience while it waits for the provider's cost answers. Whatever arrives
// meanwhile must not change what goes out, and a refused launch leaves nothing behind.

let fake: FakeSmsRu;
let relay: TestRelay;

const env = (extra: Record<string, string> = {}) => ({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0', ...extra });
const marketer = { role: 'marketer' as const };

async function draftTo(count: number): Promise<MailingView> {
  const contacts = Array.from({ length: count }, (_, i) => ({
    crmId: `race:${i}`,
    snapshot: { name: `Клиент ${i}`, phones: [{ number: `+${recipientPhone(i)}`, type: 'mobile' as const }] },
  }));
  expect((await relay.call('POST', '/api/contacts/bulk', { ...marketer, body: { contacts } })).status).toBe(200);
  const mailing = (await relay.call('POST', '/api/mailings', { ...marketer, body: { name: 'Гонка', launchType: 'instant', text: 'Текст, что уходит' } })).body;
  expect((await relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { ...marketer, body: { contacts: contacts.map((c) => c.crmId), groups: [] } })).status).toBe(
    200,
  );
  return mailing;
}

/** Starts a launch held on slow cost answers; resolves (with the launch still going) once the provider has been asked. */
async function launchHeld(id: string): Promise<{ launch: Promise<{ status: number; body: any }> }> {
  fake.fail({ delayMs: 400 });
  const launch = relay.call('POST', `/api/mailings/${id}/launch`, marketer);
  await until('the cost request', () => fake.calls('sms/cost').length > 0);
  return { launch };
}

beforeEach(async () => {
  fake = await startFakeSmsRu({ balance: 1_000_000 });
  relay = await startTestRelay(env());
});
afterEach(async () => {
  await relay.dispose();
  await fake.close();
});

describe('a launch that is freezing the audience', () => {
  const edits: [string, (id: string) => Promise<{ status: number; body: any }>][] = [
    ['PATCH of the text', (id) => relay.call('PATCH', `/api/mailings/${id}`, { ...marketer, body: { text: 'Подменённый текст' } })],
    ['PUT of the audience', (id) => relay.call('PUT', `/api/mailings/${id}/audience`, { ...marketer, body: { contacts: ['race:0'], groups: [] } })],
    ['DELETE', (id) => relay.call('DELETE', `/api/mailings/${id}`, marketer)],
    ['cancel', (id) => relay.call('POST', `/api/mailings/${id}/cancel`, marketer)],
  ];

  for (const [name, edit] of edits) {
    it(`refuses ${name} with 409 in words, and what goes out is what was frozen`, async () => {
      const mailing = await draftTo(150);
      const { launch } = await launchHeld(mailing.id);
      const refused = await edit(mailing.id);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'launching', message: expect.stringContaining('being launched'), messageRu: expect.any(String) });
      fake.fail(null);
      expect((await launch).status).toBe(200);
      const view: MailingView = (await relay.call('GET', `/api/mailings/${mailing.id}`, marketer)).body;
      expect(view.text).toBe('Текст, что уходит');
      expect(view.audience.contacts).toHaveLength(150);
      expect(view.status).not.toBe('cancelled');
      await until('every send', () => fake.sent.length >= 150);
      expect(new Set(fake.sent.map((s) => s.text))).toEqual(new Set(['Текст, что уходит']));
      expect(fake.sent).toHaveLength(150);
    });
  }

  it('allows the same edits once the launch is over: the refusal was the launch, not the edit', async () => {
    const mailing = await draftTo(5);
    expect((await relay.call('PATCH', `/api/mailings/${mailing.id}`, { ...marketer, body: { text: 'Другой' } })).status).toBe(200);
    expect((await relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { ...marketer, body: { contacts: ['race:0'], groups: [] } })).status).toBe(200);
    expect((await relay.call('DELETE', `/api/mailings/${mailing.id}`, marketer)).status).toBe(204);
  });
});

describe('a refused launch', () => {
  it('leaves nothing under mailings/ (over the budget cap, an unknown mailing, a second launch)', async () => {
    await relay.dispose();
    relay = await startTestRelay(env({ MAILING_BUDGET_CAP: '10' }));
    const mailing = await draftTo(50);
    const overBudget = await relay.call('POST', `/api/mailings/${mailing.id}/launch`, marketer);
    expect(overBudget.status).toBe(422);
    expect((await relay.call('POST', '/api/mailings/mlg_nosuchmailing/launch', marketer)).status).toBe(404);
    const dir = join(relay.dataDir, 'mailings');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
