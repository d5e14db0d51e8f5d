import type { UnreadBadge } from './unread-badge';

export const BADGE_ALARM = 'crm-sms:unread-replies';
/** How often the badge asks the relay on its own (a reply can come at any time). */
export const BADGE_PERIOD_MINUTES = 1;

/** What the schedule needs of browser.alarms. */
export interface BadgeAlarms {
  get(name: string): Promise<unknown>;
  create(name: string, info: { periodInMinutes: number }): Promise<void> | void;
  onAlarm: { addListener(listener: (alarm: { name: string }) => void): void };
}

/**
 * Keeps the badge current: now, about once a minute (an alarm, which also wakes a sleeping service worker),
 * and whenever the settings change (another relay, another token, another language). The alarm is made
 * only when it is not there yet: a service worker starts many times, and making it again each time would
 * put its next ring off again and again.
 */
export async function keepBadgeCurrent(deps: { badge: UnreadBadge; alarms: BadgeAlarms; onSettingsChange(listener: () => void): void }): Promise<void> {
  const { badge, alarms } = deps;
  alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BADGE_ALARM) void badge.refresh();
  });
  deps.onSettingsChange(() => void badge.refresh());
  const refreshed = badge.refresh();
  if (!(await alarms.get(BADGE_ALARM).catch(() => undefined))) await Promise.resolve(alarms.create(BADGE_ALARM, { periodInMinutes: BADGE_PERIOD_MINUTES }));
  await refreshed;
}
