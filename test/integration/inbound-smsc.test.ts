import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmsc, type FakeSmsc } from '../fakes/fake-smsc';
import { SMSC_FORM, smscIncoming, smscStatus } from '../fakes/smsc-webhook';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';

const NUMBER = '79125550101';

let fake: FakeSmsc;
let relay: TestRelay;
beforeAll(async () => {
  fake = await startFakeSmsc({ login: 'crm', password: 'smsc-password-inbound' });
  relay = await startTestRelay({ PROVIDER: 'smsc', SMSC_LOGIN: 'crm', SMSC_PASSWORD: 'smsc-password-inbound', SMSC_BASE_URL: fake.url });
  const contacts = [{ crmId: 'sc:1', snapshot: { name: 'Игорь Волков', phones: [{ number: `+${NUMBER}`, type: 'mobile' }] } }];
  expect((await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } })).status).toBe(200);
});
afterAll(async () => {
  await relay.dispose();
  await fake.close();
});

const post = (rawBody: string, secret = relay.store.callbackSecret) => relay.call('POST', `/inbound/smsc/${secret}`, { role: null, rawBody, headers: SMSC_FORM });
const conversation = async () => (await relay.call('GET', '/api/contacts/sc:1/conversation')).body;

describe("SMSC.ru's notifications at the inbound address", () => {
  it('an incoming message is answered OK, stored once however often SMSC sends it, matched to the card message it answers', async () => {
    const sent = await relay.call('POST', '/api/messages', { body: { to: `+${NUMBER}`, text: 'Ваш заказ готов', contact: { crmId: 'sc:1' } } });
    expect(sent.status, sent.text).toBe(201);

    const incoming = smscIncoming({ id: 5501, phone: NUMBER, mes: 'Спасибо, заберу завтра' });
    const answer = await post(incoming);
    expect(answer).toMatchObject({ status: 200, text: 'OK' });
    expect((await post(incoming)).status).toBe(200);

    const { total, entries } = await conversation();
    expect(total).toBe(2);
    expect(entries[0]).toMatchObject({
      direction: 'incoming',
      reply: { provider: 'smsc', from: NUMBER, to: '79000000000', text: 'Спасибо, заберу завтра', keyword: null, mailing: null },
    });
    expect(entries[1]).toMatchObject({ direction: 'outgoing', message: { id: sent.body.id, mailing: null } });
    expect((await relay.call('GET', `/api/stop-list/${NUMBER}`)).status).toBe(404);
  });

  it('«СТОП» from the number lists it; a delivery status posted to the same address moves the card message on', async () => {
    expect((await post(smscIncoming({ id: 5502, phone: `+${NUMBER}`, mes: 'СТОП' }))).status).toBe(200);
    expect((await relay.call('GET', `/api/stop-list/${NUMBER}`)).body.entry).toMatchObject({ source: 'reply', addedBy: 'smsc' });

    const smscId = fake.sent.at(-1)!.id;
    expect((await post(smscStatus({ id: smscId, phone: NUMBER, status: 1 }))).status).toBe(200);
    await until('the status to be applied', async () => (await conversation()).entries.find((e: any) => e.direction === 'outgoing')?.message.status === 'delivered');
    expect((await conversation()).total).toBe(3);
  });

  it('a wrong secret is 404 and stores nothing', async () => {
    const before = (await conversation()).total;
    expect((await post(smscIncoming({ id: 5503, phone: NUMBER, mes: 'СТАРТ' }), 'not-the-secret')).status).toBe(404);
    expect((await conversation()).total).toBe(before);
    expect((await relay.call('GET', `/api/stop-list/${NUMBER}`)).body.entry).not.toBeNull();
  });
});
