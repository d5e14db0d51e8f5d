import { describe, expect, it } from 'vitest';
import { createSandboxProvider } from '../../relay/providers/sandbox';
import { testClock } from '../support/relay-harness';

const options = { failRate: 0.3, sentAfterMs: 1000, deliveredAfterMs: 5000, balance: 100, pricePerPart: 2 };

describe('sandbox provider', () => {
  it('walks messages queued → sent → delivered or failed, with about the configured failure share', async () => {
    const clock = testClock();
    const sandbox = createSandboxProvider({ clock, ...options });
    const outcomes = await sandbox.send(Array.from({ length: 400 }, (_, i) => ({ to: `7912${String(i).padStart(7, '0')}`, text: 'hi' })));
    const ids = outcomes.map((o) => (o.ok ? o.providerMessageId : ''));
    const statuses = async () => (await sandbox.status!(ids)).map((u) => u.status);
    expect(new Set(await statuses())).toEqual(new Set(['queued']));
    clock.advance(1000);
    expect(new Set(await statuses())).toEqual(new Set(['sent']));
    clock.advance(4000);
    const final = await statuses();
    const failed = final.filter((s) => s === 'failed').length;
    expect(failed + final.filter((s) => s === 'delivered').length).toBe(400);
    expect(failed / 400).toBeGreaterThan(0.2);
    expect(failed / 400).toBeLessThan(0.4);
  });

  it('gives the same answer for an id after a restart', async () => {
    const clock = testClock();
    const [outcome] = await createSandboxProvider({ clock, ...options }).send([{ to: '79123456789', text: 'x' }]);
    clock.advance(10_000);
    const id = outcome!.ok ? outcome!.providerMessageId : '';
    const first = await createSandboxProvider({ clock, ...options }).status!([id]);
    const second = await createSandboxProvider({ clock, ...options }).status!([id]);
    expect(first).toEqual(second);
  });

  it('prices by parts, charges the balance, and remembers what it was asked', async () => {
    const sandbox = createSandboxProvider({ clock: testClock(), ...options });
    expect(await sandbox.cost!([{ to: '79123456789', text: 'я'.repeat(71) }])).toMatchObject({ cost: 4, parts: 2, currency: 'RUB' });
    await sandbox.send([{ to: '79123456789', text: 'я'.repeat(71) }]);
    expect(await sandbox.balance!()).toEqual({ balance: 96, currency: 'RUB' });
    expect(sandbox.outbox()).toEqual([expect.objectContaining({ to: '79123456789', parts: 2 })]);
  });
});
