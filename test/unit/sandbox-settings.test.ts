import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../relay/config';
import { statusPollIntervalMs } from '../../relay/delivery/status-poller';
import { sandboxStatusPaceMs } from '../../relay/providers/sandbox-pace';

const config = (env: Record<string, string> = {}) => loadConfig({ env, cwd: '/srv/relay' });
const withStatus = (id: 'sandbox' | 'smsru') => ({ id, status: async () => [] });

describe('sandbox settings', () => {
  it('by default: sent after 1 s, delivered after 7 s, a balance of 1000, lacking nothing, answering no one', () => {
    expect(config().sandbox).toEqual({
      failRate: 0.1,
      sentAfterMs: 1000,
      deliveredAfterMs: 7000,
      balance: 1000,
      pricePerPart: 2.5,
      without: [],
      replyRate: 0,
      stopShare: 0,
    });
  });

  it('SANDBOX_REPLY_RATE and SANDBOX_STOP_SHARE are shares from 0 to 1', () => {
    expect(config({ SANDBOX_REPLY_RATE: '0.2', SANDBOX_STOP_SHARE: '1' }).sandbox).toMatchObject({ replyRate: 0.2, stopShare: 1 });
    expect(() => config({ SANDBOX_REPLY_RATE: '1.5' })).toThrow(/sandbox\.replyRate/);
    expect(() => config({ SANDBOX_STOP_SHARE: 'half' })).toThrow(/sandbox\.stopShare/);
  });

  it('SANDBOX_WITHOUT takes a comma-separated list of what to lack; anything else is named as a bad setting', () => {
    expect(config({ SANDBOX_WITHOUT: 'cost, balance,status' }).sandbox.without).toEqual(['cost', 'balance', 'status']);
    expect(config({ SANDBOX_WITHOUT: 'balance' }).sandbox.without).toEqual(['balance']);
    expect(() => config({ SANDBOX_WITHOUT: 'cost,lookup' })).toThrow(
      'Setting "sandbox.without" (env SANDBOX_WITHOUT): must be a comma-separated list of "cost", "balance", "status"',
    );
  });
});

describe('how often the relay asks about statuses', () => {
  it('asks the sandbox at its own pace: every second with the defaults, quicker when its steps are', () => {
    expect(sandboxStatusPaceMs({ sentAfterMs: 1000, deliveredAfterMs: 7000 })).toBe(1000);
    expect(sandboxStatusPaceMs({ sentAfterMs: 300, deliveredAfterMs: 1500 })).toBe(300);
    expect(sandboxStatusPaceMs({ sentAfterMs: 0, deliveredAfterMs: 600 })).toBe(600);
    expect(sandboxStatusPaceMs({ sentAfterMs: 0, deliveredAfterMs: 0 })).toBe(1000);
    expect(sandboxStatusPaceMs({ sentAfterMs: 10, deliveredAfterMs: 20 })).toBe(250);
  });

  it('asks a real provider every statusPollSeconds, and nobody when it is 0 or the provider has no status reports', () => {
    expect(statusPollIntervalMs(withStatus('sandbox'), config())).toBe(1000);
    expect(statusPollIntervalMs(withStatus('smsru'), config({ PROVIDER: 'smsru', SMSRU_API_ID: 'x' }))).toBe(60_000);
    expect(statusPollIntervalMs(withStatus('sandbox'), config({ STATUS_POLL_SECONDS: '0' }))).toBeNull();
    expect(statusPollIntervalMs({ id: 'sandbox' }, config())).toBeNull();
    // The sandbox is never asked more slowly than statusPollSeconds says.
    expect(statusPollIntervalMs(withStatus('sandbox'), config({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_DELIVERED_AFTER_MS: '0', STATUS_POLL_SECONDS: '1' }))).toBe(1000);
  });
});
