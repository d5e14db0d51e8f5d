import type { UnreadReplies } from '../../shared/replies';
import { translate, type Language } from '../i18n/texts';
import type { Result } from '../messaging/protocol';

/** What the badge needs of the toolbar button: browser.action (MV3) or browser.browserAction (Firefox's MV2). */
export interface ToolbarAction {
  setBadgeText(details: { text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  setTitle(details: { title: string }): Promise<void>;
}

export const BADGE_COLOR = '#d93025';

/** The badge's text for a count of unread replies: none for 0, "99+" past 99. */
export const badgeText = (count: number): string => (count <= 0 ? '' : count > 99 ? '99+' : String(count));

/**
 * The toolbar badge: how many replies nobody has read, as the relay counts them. No relay set up (no
 * token), a relay that cannot be reached or refuses: no badge, and nothing in the console. When
 * refreshes overlap, the one asked last decides what is shown, whichever answer comes first.
 */
export function createUnreadBadge(deps: { action: ToolbarAction; unread: () => Promise<Result<UnreadReplies>>; language: () => Promise<Language> }) {
  let asked = 0;

  async function show(count: number, language: Language): Promise<void> {
    if (count > 0) await deps.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
    await deps.action.setBadgeText({ text: badgeText(count) });
    await deps.action.setTitle({ title: count > 0 ? translate(language, 'toolbarTitleUnread', { count }) : translate(language, 'toolbarTitle') });
  }

  return {
    /** Asks the relay and shows its count; never throws. */
    async refresh(): Promise<void> {
      const mine = ++asked;
      const answer = await deps.unread().catch(() => null);
      const language = await deps.language().catch((): Language => 'en');
      if (mine !== asked) return;
      const count = answer?.ok && Number.isFinite(answer.value.count) ? answer.value.count : 0;
      await show(count, language).catch(() => undefined);
    },
  };
}

export type UnreadBadge = ReturnType<typeof createUnreadBadge>;
