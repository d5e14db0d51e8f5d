import { afterEach, describe, expect, it } from 'vitest';
import { NOT_SUPPORTED } from '../../shared/texts';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

/** SANDBOX_WITHOUT: the sandbox as a provider that does not report cost, balance or statuses. */

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.dispose();
  relay = undefined;
});

const card = { to: '+7 912 345-67-89', text: 'Привет', contact: { crmId: 'demo:1' } };

describe('a sandbox without cost, balance and status', () => {
  it('says so in GET /api/provider and answers 501 "not supported" in the manual\'s words, as a real provider lacking them', async () => {
    relay = await startTestRelay({ SANDBOX_WITHOUT: 'cost,balance,status', SANDBOX_FAIL_RATE: '0', STATUS_POLL_SECONDS: '60' });
    const info = await relay.call('GET', '/api/provider');
    expect(info.body).toMatchObject({ id: 'sandbox', capabilities: { cost: false, balance: false, statusPoll: false, check: true }, notSupportedText: NOT_SUPPORTED });

    const balance = await relay.call('GET', '/api/provider/balance', { role: 'marketer' });
    expect({ status: balance.status, code: balance.body.error.code, messageRu: balance.body.error.messageRu }).toEqual({
      status: 501,
      code: 'not_supported',
      messageRu: 'Данная функция недоступна у текущего оператора',
    });
    const cost = await relay.call('POST', '/api/cost', { body: { to: card.to, text: card.text } });
    expect({ status: cost.status, code: cost.body.error.code, messageRu: cost.body.error.messageRu }).toEqual({
      status: 501,
      code: 'not_supported',
      messageRu: 'Данная функция недоступна у текущего оператора',
    });

    // It still sends; with no reports, "sent" is the message's last word and it carries no price.
    const sent = await relay.call('POST', '/api/messages', { body: card });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'sent', cost: null, currency: null });
    expect(await relay.pollStatuses()).toBe(0);
    const listed = await relay.call('GET', '/api/messages?contactId=demo:1');
    expect(listed.body.messages.map((m: { status: string }) => m.status)).toEqual(['sent']);
  });

  it('lacks only what it is told to (control: the default sandbox reports all three)', async () => {
    relay = await startTestRelay({ SANDBOX_WITHOUT: 'balance' });
    expect((await relay.call('GET', '/api/provider')).body.capabilities).toMatchObject({ cost: true, balance: false, statusPoll: true });
    expect((await relay.call('GET', '/api/provider/balance', { role: 'marketer' })).status).toBe(501);
    expect((await relay.call('POST', '/api/cost', { body: { to: card.to, text: card.text } })).body).toMatchObject({ cost: 2.5, currency: 'RUB' });
    await relay.dispose();

    relay = await startTestRelay({});
    expect((await relay.call('GET', '/api/provider')).body.capabilities).toMatchObject({ cost: true, balance: true, statusPoll: true });
    expect((await relay.call('GET', '/api/provider/balance', { role: 'marketer' })).body).toEqual({ balance: 1000, currency: 'RUB' });
  });

  it('refuses to start with a word it does not know, naming the setting', async () => {
    await expect(startTestRelay({ SANDBOX_WITHOUT: 'cost,callbacks' })).rejects.toThrow(
      /Setting "sandbox\.without" \(env SANDBOX_WITHOUT\): must be a comma-separated list of "cost", "balance", "status"/,
    );
  });
});
