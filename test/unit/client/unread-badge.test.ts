import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../extension/messaging/protocol';
import { createUnreadBadge, type ToolbarAction } from '../../../extension/services/unread-badge';
import { BADGE_ALARM, keepBadgeCurrent, type BadgeAlarms } from '../../../extension/services/unread-badge-schedule';
import type { UnreadReplies } from '../../../shared/replies';

/** The toolbar button as the user sees it: its badge and its tooltip. */
function fakeToolbar() {
  const shown = { text: '', title: 'CRM SMS', color: '' };
  const action: ToolbarAction = {
    setBadgeText: async ({ text }) => void (shown.text = text),
    setTitle: async ({ title }) => void (shown.title = title),
    setBadgeBackgroundColor: async ({ color }) => void (shown.color = color),
  };
  return { shown, action };
}

const unread = (count: number): Result<UnreadReplies> => ({ ok: true, value: { count, contacts: count > 0 ? ['demo:h:1'] : [] } });
const refused = (code: string): Result<UnreadReplies> => ({ ok: false, error: { code, message: code, messageRu: code } });

/** A relay whose answer the test sets (or makes throw). */
function relayAnswering(first: Result<UnreadReplies>) {
  let next: () => Promise<Result<UnreadReplies>> = async () => first;
  return {
    unread: () => next(),
    answer: (result: Result<UnreadReplies>) => void (next = async () => result),
    fail: (error: Error) => void (next = async () => Promise.reject(error)),
  };
}

let consoleCalls: unknown[][];
beforeEach(() => {
  consoleCalls = [];
  for (const level of ['error', 'warn', 'log', 'info'] as const) vi.spyOn(console, level).mockImplementation((...args) => void consoleCalls.push(args));
});
afterEach(() => vi.restoreAllMocks());

describe('the toolbar badge: unread replies', () => {
  it('shows the count, with a tooltip in the UI language', async () => {
    const { shown, action } = fakeToolbar();
    const relay = relayAnswering(unread(1));
    let language: 'ru' | 'en' = 'ru';
    const badge = createUnreadBadge({ action, unread: relay.unread, language: async () => language });
    await badge.refresh();
    expect(shown).toEqual({ text: '1', title: 'CRM SMS — непрочитанных ответов: 1', color: expect.stringMatching(/^#/) });
    language = 'en';
    relay.answer(unread(7));
    await badge.refresh();
    expect(shown).toMatchObject({ text: '7', title: 'CRM SMS — unread replies: 7' });
  });

  it.each([
    [0, ''],
    [9, '9'],
    [99, '99'],
    [100, '99+'],
    [12_345, '99+'],
  ])('%i unread: the badge says %j', async (count, text) => {
    const { shown, action } = fakeToolbar();
    await createUnreadBadge({ action, unread: async () => unread(count), language: async () => 'ru' }).refresh();
    expect(shown.text).toBe(text);
    expect(shown.title).toBe(count === 0 ? 'CRM SMS' : `CRM SMS — непрочитанных ответов: ${count}`);
  });

  it.each([
    ['no relay set up (no token)', refused('no_token')],
    ['a relay that cannot be reached', refused('relay_unreachable')],
    ['a refusal (a revoked token)', refused('unauthorized')],
  ])('%s: the badge goes, and nothing is written to the console', async (_case, answer) => {
    const { shown, action } = fakeToolbar();
    const relay = relayAnswering(unread(3));
    const badge = createUnreadBadge({ action, unread: relay.unread, language: async () => 'ru' });
    await badge.refresh();
    expect(shown.text).toBe('3');
    relay.answer(answer);
    await badge.refresh();
    expect(shown).toMatchObject({ text: '', title: 'CRM SMS' });
    expect(consoleCalls).toEqual([]);
  });

  it('a relay client that throws, a toolbar that refuses: refresh still resolves, silently', async () => {
    const { shown, action } = fakeToolbar();
    const relay = relayAnswering(unread(2));
    const badge = createUnreadBadge({ action, unread: relay.unread, language: async () => 'ru' });
    await badge.refresh();
    expect(shown.text).toBe('2');
    relay.fail(new TypeError('Failed to fetch'));
    await expect(badge.refresh()).resolves.toBeUndefined();
    expect(shown.text).toBe('');
    const broken: ToolbarAction = { ...action, setBadgeText: async () => Promise.reject(new Error('No tab with id')) };
    await expect(createUnreadBadge({ action: broken, unread: async () => unread(5), language: async () => 'ru' }).refresh()).resolves.toBeUndefined();
    expect(consoleCalls).toEqual([]);
  });

  it('overlapping refreshes: the one asked last decides, though the first one answers after it', async () => {
    const { shown, action } = fakeToolbar();
    const pending: Array<(result: Result<UnreadReplies>) => void> = [];
    const badge = createUnreadBadge({ action, unread: () => new Promise((resolve) => pending.push(resolve)), language: async () => 'ru' });
    const older = badge.refresh();
    const newer = badge.refresh();
    pending[1]!(unread(0));
    await newer;
    pending[0]!(unread(4));
    await older;
    expect(shown.text).toBe('');
    // Positive control: the same order of answers, one refresh at a time, shows the last answer.
    const alone = badge.refresh();
    pending[2]!(unread(4));
    await alone;
    expect(shown.text).toBe('4');
  });
});

/** browser.alarms in memory: the alarms made, and a way to ring one. */
function fakeAlarms(existing: string[] = []) {
  const made: Array<{ name: string; periodInMinutes: number }> = [];
  const names = new Set(existing);
  const listeners: Array<(alarm: { name: string }) => void> = [];
  const alarms: BadgeAlarms = {
    get: async (name) => (names.has(name) ? { name } : undefined),
    create: (name, info) => void (made.push({ name, ...info }), names.add(name)),
    onAlarm: { addListener: (listener) => void listeners.push(listener) },
  };
  return { alarms, made, ring: (name: string) => listeners.forEach((listener) => listener({ name })) };
}

describe('the badge is kept current', () => {
  const counting = () => {
    let refreshes = 0;
    return { badge: { refresh: async () => void refreshes++ }, count: () => refreshes };
  };

  it('at once, then about once a minute (its alarm), and when the settings change', async () => {
    const { badge, count } = counting();
    const clock = fakeAlarms();
    let settingsChanged = () => {};
    await keepBadgeCurrent({ badge, alarms: clock.alarms, onSettingsChange: (listener) => void (settingsChanged = listener) });
    expect(count()).toBe(1);
    expect(clock.made).toEqual([{ name: BADGE_ALARM, periodInMinutes: 1 }]);
    clock.ring(BADGE_ALARM);
    expect(count()).toBe(2);
    clock.ring('someone-elses-alarm');
    expect(count()).toBe(2);
    settingsChanged();
    expect(count()).toBe(3);
  });

  it('a service worker that starts again finds its alarm and does not make it anew (which would put its ring off)', async () => {
    const { badge, count } = counting();
    const clock = fakeAlarms([BADGE_ALARM]);
    await keepBadgeCurrent({ badge, alarms: clock.alarms, onSettingsChange: () => undefined });
    expect(clock.made).toEqual([]);
    // It still listens to the alarm that is there.
    clock.ring(BADGE_ALARM);
    expect(count()).toBe(2);
  });
});
