import { describe, expect, it } from 'vitest';
import { createSandboxProvider } from '../../relay/providers/sandbox';
import type { SendOutcome } from '../../relay/providers/types';
import { testClock } from '../support/relay-harness';

const sandboxWith = (balance: number, without: ('cost' | 'balance' | 'status')[] = []) =>
  createSandboxProvider({ clock: testClock(), failRate: 0, sentAfterMs: 1000, deliveredAfterMs: 5000, balance, pricePerPart: 2.5, without });

const to = (i: number) => `7912${String(i).padStart(7, '0')}`;
const refusal = (outcome: SendOutcome | undefined) =>
  outcome && !outcome.ok ? { code: outcome.error.code, errorClass: outcome.error.errorClass, httpStatus: outcome.error.httpStatus, ru: outcome.error.messageRu } : null;

describe('the sandbox runs out of money like a real provider', () => {
  it('sends what its balance covers, refuses the rest as insufficient funds, and never goes below zero', async () => {
    const sandbox = sandboxWith(10);
    const outcomes = await sandbox.send(Array.from({ length: 6 }, (_, i) => ({ to: to(i), text: 'hi' })));
    // Positive control: the first four (4 × 2.50 = 10) went.
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true, false, false]);
    expect(refusal(outcomes[4])).toEqual({ code: 'insufficient_funds', errorClass: 'stop', httpStatus: 402, ru: 'Недостаточно средств на счёте у оператора' });
    expect(outcomes[4]!.ok ? '' : outcomes[4]!.error.message).toBe('Insufficient funds on the provider account (sandbox balance 0.00 RUB, the message costs 2.50 RUB)');
    expect(await sandbox.balance!()).toEqual({ balance: 0, currency: 'RUB' });
    expect(sandbox.outbox().map((m) => m.to)).toEqual([to(0), to(1), to(2), to(3)]);

    expect(refusal((await sandbox.send([{ to: to(9), text: 'again' }]))[0])).toMatchObject({ code: 'insufficient_funds' });
    expect(await sandbox.balance!()).toEqual({ balance: 0, currency: 'RUB' });
  });

  it('refuses a message of more parts than the balance covers, and still sends a shorter one it covers', async () => {
    const sandbox = sandboxWith(4);
    const [long, short] = await sandbox.send([
      { to: to(0), text: 'я'.repeat(71) },
      { to: to(1), text: 'hi' },
    ]);
    expect(refusal(long)).toMatchObject({ code: 'insufficient_funds' });
    expect(short).toMatchObject({ ok: true, cost: 2.5 });
    expect(await sandbox.balance!()).toEqual({ balance: 1.5, currency: 'RUB' });
  });
});

describe('a sandbox told to lack cost, balance or status (SANDBOX_WITHOUT)', () => {
  it('has no such method and says so in its capabilities, like a real provider without it', async () => {
    const sandbox = sandboxWith(100, ['cost', 'balance', 'status']);
    expect(sandbox.capabilities).toMatchObject({ cost: false, balance: false, statusPoll: false, check: true, lookup: true });
    expect({ cost: sandbox.cost, balance: sandbox.balance, status: sandbox.status }).toEqual({ cost: undefined, balance: undefined, status: undefined });
    expect(['cost', 'balance', 'status'].filter((method) => method in sandbox)).toEqual([]);
    // No price on send either, and "sent" is all it will ever say about a message.
    const [outcome] = await sandbox.send([{ to: to(0), text: 'hi' }]);
    expect(outcome).toEqual({ to: to(0), ok: true, providerMessageId: expect.stringMatching(/^sbx-/), status: 'sent', parts: 1 });
  });

  it('still runs out of money it does not report', async () => {
    const sandbox = sandboxWith(2.5, ['cost', 'balance']);
    const outcomes = await sandbox.send([
      { to: to(0), text: 'hi' },
      { to: to(1), text: 'hi' },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    expect(refusal(outcomes[1])).toMatchObject({ code: 'insufficient_funds' });
  });

  it('lacks only what it is told to lack (control)', async () => {
    const sandbox = sandboxWith(100, ['balance']);
    expect(sandbox.capabilities).toMatchObject({ cost: true, balance: false, statusPoll: true });
    expect(typeof sandbox.cost).toBe('function');
    expect(typeof sandbox.status).toBe('function');
    expect(sandbox.balance).toBeUndefined();
    expect((await sandbox.send([{ to: to(0), text: 'hi' }]))[0]).toMatchObject({ ok: true, status: 'queued', cost: 2.5, currency: 'RUB' });
  });
});
