import { describe, expect, it } from 'vitest';
import { createDeliveryReports } from '../../../relay/mailings/delivery-reports';
import { createMailingFigures } from '../../../relay/mailings/mailing-figures';
import { ManualClock, T0, logger, mailingWith, tempStorage } from './engine-kit';

async function sentMailing() {
  const storage = await tempStorage();
  const clock = new ManualClock(T0 + 1000);
  await mailingWith(storage, 'm1', 3, { status: 'running', launchedAt: new Date(T0).toISOString() });
  storage.claim('m1', [0, 1, 2], T0);
  storage.record(
    'm1',
    [
      { i: 0, s: 'sent', p: 'a' },
      { i: 1, s: 'sent', p: 'b' },
      { i: 2, s: 'failed', e: 'bad' },
    ],
    T0 + 10,
  );
  return { storage, clock, reports: createDeliveryReports({ storage, clock, logger }) };
}

describe('delivery reports and figures', () => {
  it('apply reports to sent recipients only, never moving one back; unknown ids are ignored', async () => {
    const { storage, reports } = await sentMailing();
    expect(
      reports.apply([
        { providerMessageId: 'a', status: 'delivered', cost: 2.5 },
        { providerMessageId: 'b', status: 'failed', providerStatus: 'expired' },
        { providerMessageId: 'nobody', status: 'delivered' },
      ]),
    ).toBe(2);
    expect(reports.apply([{ providerMessageId: 'a', status: 'failed' }])).toBe(0);
    expect(storage.read('m1', [0, 1]).map((r) => [r.state, r.cost, r.error])).toEqual([
      ['delivered', 2.5, null],
      ['failed', null, 'not delivered (expired)'],
    ]);
  });

  it('poll the open ids of the provider asked; a finished mailing only for three days', async () => {
    const { storage, clock, reports } = await sentMailing();
    expect(reports.pendingProviderIds('smsru')).toEqual(['a', 'b']);
    expect(reports.pendingProviderIds('twilio')).toEqual([]);
    await storage.setStatus('m1', { from: 'running', to: 'finished', statusReason: null, updatedAt: new Date(T0).toISOString(), finishedAt: new Date(T0).toISOString() });
    storage.archive('m1');
    expect(reports.pendingProviderIds('smsru').sort()).toEqual(['a', 'b']);
    await clock.advance(3 * 24 * 3600_000);
    expect(reports.pendingProviderIds('smsru')).toEqual([]);
  });

  it("count what the storage holds, with the run's held recipients, and show a contact's messages in the sent-SMS list", async () => {
    const { storage } = await sentMailing();
    const figures = createMailingFigures({ storage, held: () => 7 });
    expect(figures.counters('m1')).toMatchObject({ total: 3, sent: 2, failed: 1, held: 7 });
    expect(figures.counters('none')).toMatchObject({ total: 0, held: 0 });
    const [message] = figures.messagesForContact('c0');
    expect(message).toMatchObject({
      id: 'm1:0',
      status: 'sent',
      providerMessageId: 'a',
      currency: null,
      mailing: { id: 'm1' },
      updatedAt: new Date(T0 + 10).toISOString(),
    });
    expect(figures.messagesForContact('c2')[0]).toMatchObject({ status: 'failed', error: { code: 'not_delivered', message: 'bad' } });
  });
});
