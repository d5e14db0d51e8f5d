import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { recipientPhone, waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, testClock, type TestClock, type TestRelay } from '../support/relay-harness';
import { expectStatus as ok } from '../support/answers';
import { faultyIo } from '../support/faulty-io';

// A launch that follows an unchanged pre-flight launches what the pre-flight froze: it does not render,
// price or write the audience again. Anything the figures depend on that changed in between makes the
// launch freeze anew, and when the figures the person confirmed came out different, refuse in words.

let fake: FakeSmsRu;
let relay: TestRelay;
let clock: TestClock;
const marketer = { role: 'marketer' as const };
const TEXT = 'Здравствуйте, {{contact.firstName}}! Заказ готов.';

const person = (i: number, firstName = `Имя${i}`) => ({
  crmId: `pf:${i}`,
  snapshot: { name: `Клиент ${i}`, firstName, phones: [{ number: `+${recipientPhone(i)}`, type: 'mobile' }] },
});

async function draftTo(count: number): Promise<string> {
  const contacts = Array.from({ length: count }, (_, i) => person(i));
  await ok(relay.call('POST', '/api/contacts/bulk', { ...marketer, body: { contacts } }));
  const mailing = await ok(relay.call('POST', '/api/mailings', { ...marketer, body: { name: 'Заказы', launchType: 'instant', text: TEXT } }), 201);
  await ok(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { ...marketer, body: { contacts: contacts.map((c) => c.crmId) } }));
  return mailing.id;
}

const preflight = (id: string) => ok(relay.call('GET', `/api/mailings/${id}/preflight`, marketer));
const launch = (id: string, body: object = {}) => relay.call('POST', `/api/mailings/${id}/launch`, { ...marketer, body });
const costCalls = () => fake.calls('sms/cost').length;
const sentTexts = () => new Map(fake.sent.map((s) => [s.phone, s.text]));

beforeEach(async () => {
  fake = await startFakeSmsRu({ balance: 1e6 });
  clock = testClock(Date.now());
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0' }, { clock });
});
afterEach(async () => {
  await relay.dispose();
  await fake.close();
});

describe('a launch after its pre-flight', () => {
  it('unchanged: launches what the pre-flight froze, asking the provider nothing more; without the id it freezes and prices again', async () => {
    const id = await draftTo(30);
    const checked = await preflight(id);
    expect(checked.preflightId).toMatch(/^pf_/);
    const asked = costCalls();
    const launched = await ok(launch(id, { preflightId: checked.preflightId }));
    expect(launched.status).toBe('running');
    expect(costCalls()).toBe(asked);
    await waitUntilSettled(relay, id, ['finished']);
    expect(sentTexts().get(recipientPhone(7))).toBe('Здравствуйте, Имя7! Заказ готов.');
    expect(fake.sent).toHaveLength(30);

    // Positive control: the same launch without naming the pre-flight prices again.
    const other = await draftTo(5);
    await preflight(other);
    const before = costCalls();
    await ok(launch(other));
    expect(costCalls()).toBeGreaterThan(before);
  });

  it('a contact changed since, figures the same: frozen again, so the message carries the new name', async () => {
    const id = await draftTo(3);
    const checked = await preflight(id);
    await ok(relay.call('PUT', '/api/contacts/pf:1', { body: person(1, 'Ольга').snapshot }));
    await ok(launch(id, { preflightId: checked.preflightId }));
    await waitUntilSettled(relay, id, ['finished']);
    expect(sentTexts().get(recipientPhone(1))).toBe('Здравствуйте, Ольга! Заказ готов.');
  });

  it('figures that changed since (a longer text, a number on the stop list): 409 in words, nothing sent; the new pre-flight launches', async () => {
    const id = await draftTo(4);
    const checked = await preflight(id);
    await ok(relay.call('PUT', '/api/contacts/pf:2', { body: person(2, 'Константин-Аполлинарий '.repeat(4)).snapshot }));
    await ok(relay.call('POST', '/api/stop-list', { body: { phone: `+${recipientPhone(3)}`, reason: 'просил не писать' } }), 201);

    const refused = await launch(id, { preflightId: checked.preflightId });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'preflight_changed' });
    expect(refused.body.error.message).toMatch(/changed since the pre-flight/);
    expect(refused.body.error.messageRu).toMatch(/данные изменились/);
    expect((await ok(relay.call('GET', `/api/mailings/${id}`, marketer))).status).toBe('draft');
    expect(fake.sent).toHaveLength(0);
    expect(existsSync(join(relay.dataDir, 'mailings', id))).toBe(false);

    const again = await preflight(id);
    expect(checked).toMatchObject({ recipients: 4, totalParts: 4 });
    expect(again).toMatchObject({ recipients: 3, totalParts: 4 });
    expect(again.skipped.stop_list).toBe(1);
    await ok(launch(id, { preflightId: again.preflightId }));
    await waitUntilSettled(relay, id, ['finished']);
    expect(fake.sent).toHaveLength(3);
  });

  it('an edited text (the same length), or a pre-flight this relay does not know (a restart, a forged id): refused, nothing sent', async () => {
    const id = await draftTo(2);
    const checked = await preflight(id);
    // Someone else edits the text: the launch never goes out on a confirmation of another text.
    await ok(relay.call('PATCH', `/api/mailings/${id}`, { ...marketer, body: { text: 'Новый текст без имени' } }));
    const edited = await launch(id, { preflightId: checked.preflightId });
    expect(edited.status).toBe(409);
    expect(edited.body.error.code).toBe('preflight_changed');

    const unknown = await launch(id, { preflightId: 'pf_0123456789ab' });
    expect(unknown.status).toBe(409);
    const garbage = await launch(id, { preflightId: '../../etc/passwd' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.message).toMatch(/preflightId/);
    expect(fake.sent).toHaveLength(0);
  });

  it('an old pre-flight (past 10 minutes) is priced again; the same figures launch', async () => {
    const id = await draftTo(2);
    const checked = await preflight(id);
    clock.advance(11 * 60_000);
    const asked = costCalls();
    await ok(launch(id, { preflightId: checked.preflightId }));
    expect(costCalls()).toBeGreaterThan(asked);
  });

  it('what a pre-flight froze leaves nothing on disk when the mailing is deleted, the next pre-flight replaces it, or the relay stops', async () => {
    const id = await draftTo(3);
    await preflight(id);
    const dir = join(relay.dataDir, 'mailings', id);
    // Positive control: it is on disk, not in place.
    expect(readdirSync(dir)).toEqual(['recipients.jsonl.tmp']);
    await preflight(id);
    expect(readdirSync(dir)).toEqual(['recipients.jsonl.tmp']);
    await ok(relay.call('DELETE', `/api/mailings/${id}`, marketer), 204);
    expect(existsSync(dir)).toBe(false);

    const kept = await draftTo(2);
    await preflight(kept);
    expect(existsSync(join(relay.dataDir, 'mailings', kept))).toBe(true);
    await relay.close();
    expect(existsSync(join(relay.dataDir, 'mailings', kept))).toBe(false);
  });

  it('on a full disk the pre-flight still gives its figures, keeping nothing; the launch then is refused in words as before', async () => {
    await relay.dispose();
    const io = faultyIo();
    relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0' }, { clock, io });
    const id = await draftTo(3);
    io.fail({ code: 'ENOSPC', path: (path) => path.includes(`${join('mailings', id)}`) });
    const checked = await preflight(id);
    expect(checked).toMatchObject({ recipients: 3, totalParts: 3 });
    expect(checked.preflightId).toBeUndefined();
    expect(io.failures).toBeGreaterThan(0);
    expect(existsSync(join(relay.dataDir, 'mailings', id))).toBe(false);
    const refused = await launch(id);
    expect(refused.status).toBe(503);
    expect(fake.sent).toHaveLength(0);
    io.heal();
    await ok(launch(id));
    await waitUntilSettled(relay, id, ['finished']);
    expect(fake.sent).toHaveLength(3);
  });
});
