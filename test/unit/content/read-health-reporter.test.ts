import { describe, expect, it } from 'vitest';
import { createHealthReporter, HEALTH_AFTER_MS } from '../../../extension/content/read-health-reporter';
import { fakeTimers } from './fake-timers';

const setup = () => {
  const timers = fakeTimers();
  const sent: { adapter: string; fields: Record<string, unknown> }[] = [];
  const health = createHealthReporter({ send: (report) => sent.push(report), timers });
  return { timers, sent, health };
};

describe('the card health reporter', () => {
  it("sends a card's latest outcome once, HEALTH_AFTER_MS after its first read, not on every re-read", () => {
    const { timers, sent, health } = setup();
    health.note('demo:h:1', 'demo', { name: 'adapter', phones: null });
    timers.advance(HEALTH_AFTER_MS - 1);
    health.note('demo:h:1', 'demo', { name: 'adapter', phones: 'adapter' });
    expect(sent).toEqual([]);
    timers.advance(1);
    expect(sent).toEqual([{ adapter: 'demo', fields: { name: 'adapter', phones: 'adapter' } }]);
    health.note('demo:h:1', 'demo', { name: null, phones: null });
    timers.advance(HEALTH_AFTER_MS * 2);
    expect(sent).toHaveLength(1);
  });

  it('another card opened first sends the pending one at once', () => {
    const { timers, sent, health } = setup();
    health.note('demo:h:1', 'demo', { name: 'adapter' });
    health.note('demo:h:2', 'demo', { name: null });
    expect(sent).toEqual([{ adapter: 'demo', fields: { name: 'adapter' } }]);
    timers.advance(HEALTH_AFTER_MS);
    expect(sent).toEqual([
      { adapter: 'demo', fields: { name: 'adapter' } },
      { adapter: 'demo', fields: { name: null } },
    ]);
  });

  it('flush (leaving the page) sends what is pending now and leaves no timer behind; with nothing pending it sends nothing', () => {
    const { timers, sent, health } = setup();
    health.flush();
    expect(sent).toEqual([]);
    health.note('demo:h:1', 'demo', { name: 'adapter' });
    health.flush();
    expect(sent).toHaveLength(1);
    expect(timers.pending()).toBe(0);
  });
});
