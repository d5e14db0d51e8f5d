import { describe, expect, it } from 'vitest';
import { createSandboxProvider } from '../../relay/providers/sandbox';
import { testClock } from '../support/relay-harness';

const options = { failRate: 0.3, sentAfterMs: 1000, deliveredAfterMs: 5000, balance: 100_000, pricePerPart: 2 };

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
    expect(await sandbox.balance!()).toEqual({ balance: 99_996, currency: 'RUB' });
    expect(sandbox.outbox()).toEqual([expect.objectContaining({ to: '79123456789', parts: 2 })]);
  });

  describe('lookup from its outbox', () => {
    const attemptAt = (clock: { now(): number }, ms = 1000) => ({ sentAfter: clock.now() - ms, sentBefore: clock.now() });

    it('finds a message by its reference, whatever the window', async () => {
      const clock = testClock();
      const sandbox = createSandboxProvider({ clock, ...options });
      const [outcome] = await sandbox.send([{ to: '79123456789', text: 'hi', ref: 'mlg_0a1b2c3d4e5f-7' }]);
      clock.advance(60_000);
      const id = outcome!.ok ? outcome!.providerMessageId : '';
      expect(sandbox.capabilities.lookup).toBe(true);
      expect(await sandbox.lookup!([{ to: '79123456789', text: 'hi', ref: 'mlg_0a1b2c3d4e5f-7', ...attemptAt(clock) }])).toEqual([
        { to: '79123456789', found: 'sent', providerMessageId: id },
      ]);
      expect(await sandbox.lookup!([{ to: '79123456789', text: 'hi', ref: 'mlg_0a1b2c3d4e5f-8', ...attemptAt(clock) }])).toEqual([
        { to: '79123456789', found: 'not_sent' },
      ]);
    });

    it('without a reference: by number and text within the window; twice in it is unknown', async () => {
      const clock = testClock();
      const sandbox = createSandboxProvider({ clock, ...options });
      clock.advance(10_000);
      const [outcome] = await sandbox.send([{ to: '79123456789', text: 'hi' }]);
      const id = outcome!.ok ? outcome!.providerMessageId : '';
      const window = attemptAt(clock);
      expect(
        await sandbox.lookup!([
          { to: '79123456789', text: 'hi', ...window },
          { to: '79123456789', text: 'other', ...window },
          { to: '79234567890', text: 'hi', ...window },
        ]),
      ).toEqual([
        { to: '79123456789', found: 'sent', providerMessageId: id },
        { to: '79123456789', found: 'not_sent' },
        { to: '79234567890', found: 'not_sent' },
      ]);
      await sandbox.send([{ to: '79123456789', text: 'hi' }]);
      expect(await sandbox.lookup!([{ to: '79123456789', text: 'hi', ...window }])).toEqual([{ to: '79123456789', found: 'unknown' }]);
    });

    it('cannot tell about a time it does not remember: before it started (a relay restart)', async () => {
      const clock = testClock();
      const before = attemptAt(clock);
      clock.advance(5_000);
      const restarted = createSandboxProvider({ clock, ...options });
      expect(await restarted.lookup!([{ to: '79123456789', text: 'hi', ...before }])).toEqual([{ to: '79123456789', found: 'unknown' }]);
    });

    it('cannot tell about a time it no longer remembers: messages let go of past the latest 10,000', async () => {
      const clock = testClock();
      const sandbox = createSandboxProvider({ clock, ...options });
      clock.advance(1_000);
      const window = attemptAt(clock, 500);
      await sandbox.send([{ to: '79000000000', text: 'first' }]);
      clock.advance(1_000);
      for (let i = 0; i < 100; i++) {
        await sandbox.send(Array.from({ length: 100 }, (_, j) => ({ to: `7912${String(i * 100 + j).padStart(7, '0')}`, text: 'bulk' })));
      }
      expect(await sandbox.lookup!([{ to: '79000000000', text: 'first', ...window }])).toEqual([{ to: '79000000000', found: 'unknown' }]);
    });
  });
});
