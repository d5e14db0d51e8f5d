import { isFrameEvent, type FrameGrant, type FrameView, type MessagesChanged } from '../messaging/frame-protocol';
import type { Protocol, RequestType, Result, TabEnvelope, UiError } from '../messaging/protocol';
import { languageOf, siteFor, type Settings } from '../settings/settings';
import { crmSiteOf } from './crm-site';
import type { FrameTickets } from './frame-tickets';
import { checkPhone, findPhonesInText } from './phone-service';
import { createImportHandlers } from './import-handlers';
import { createMailingHandlers } from './mailing-handlers';
import type { ReadHealth } from './read-health';
import { createReadingHandlers } from './reading-handlers';
import type { RelayClient } from './relay-client';
import { createReplyHandlers } from './reply-handlers';
import { createSettingsHandlers } from './settings-handlers';
import type { CrmUsers } from '../settings/crm-users';
import type { SiteOverrides } from './site-overrides';

/** Who asked, as the browser reports it: the tab and frame, and the address of the page that sent. */
export interface Sender {
  tab?: { id?: number; url?: string };
  frameId?: number;
  url?: string;
}

type Handlers = { [K in RequestType]: (payload: Protocol[K]['request'], sender?: Sender) => Promise<Result<Protocol[K]['response']>> };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const refused = (message: string, messageRu: string): { ok: false; error: UiError } => ({ ok: false, error: { code: 'not_allowed', message, messageRu } });

const NO_LIST_PAGE = {
  code: 'no_content_script',
  message: 'This page is not a CRM contact list the extension can read',
  messageRu: 'Эта страница не является списком контактов CRM, который расширение может прочитать',
};
const NOT_ENABLED = refused('This site is not enabled in the extension settings', 'Этот сайт не включён в настройках расширения');
const NO_TICKET = refused('This frame was not opened by the extension on an enabled site', 'Эту рамку открыло не расширение на включённом сайте');

const originOf = (url: string | undefined): string => {
  try {
    return url ? new URL(url).origin : 'null';
  } catch {
    return 'null';
  }
};

const VIEW_KINDS = new Set<FrameView['kind']>(['dialog', 'sent', 'mailings']);

/** What the background answers to each request; the relay is reached only from here. */
export function createBackgroundHandlers(deps: {
  relay: RelayClient;
  settings: () => Promise<Settings>;
  uiLanguage: () => string;
  tickets: FrameTickets;
  /** Asks one frame of a tab (tabs.sendMessage); frame 0 is the top. */
  askTab?: (tabId: number, frameId: number, envelope: TabEnvelope) => Promise<unknown>;
  /** Tells the extension's pages (not content scripts) something changed. */
  push?: (message: MessagesChanged) => Promise<unknown>;
  /** Per-site reading overrides and selector health (kept in memory when not given). */
  overrides?: SiteOverrides;
  health?: ReadHealth;
  /** The CRM's signed-in user per site, from card reads (extension storage when not given). */
  crmUsers?: CrmUsers;
  /** Brings the toolbar badge's unread-replies count up to date (unread-badge.ts). */
  refreshUnreadBadge?: () => Promise<void>;
}): Handlers {
  const { relay, settings, tickets } = deps;
  /** The relay as a request reaches it: on behalf of the sender's CRM page (X-CRM-Site), if it has one. */
  const at = (sender: Sender | undefined) => relay.forSite(crmSiteOf(sender));
  const settingsHandlers = createSettingsHandlers({ relay, crmUsers: deps.crmUsers });
  const languageIn = (current: Settings) => languageOf(current.language, deps.uiLanguage());

  return {
    ...createMailingHandlers(relay),
    ...createImportHandlers({ settings }),
    ...createReadingHandlers({ relay, settings, overrides: deps.overrides, health: deps.health }),
    ...createReplyHandlers({ relay, settings }),
    testConnection: settingsHandlers.testConnection,
    defaultResponsible: settingsHandlers.defaultResponsible,
    // Firefox gives an extension page framed by a web page no tabs API: the background asks its tab for it.
    async readHostListPage(_payload, sender) {
      const tabId = sender?.tab?.id;
      const answer = tabId === undefined || !deps.askTab ? undefined : await deps.askTab(tabId, 0, { crmSmsTab: 'readListPage', payload: {} }).catch(() => undefined);
      return (answer as Result<Protocol['readHostListPage']['response']> | undefined) ?? { ok: false, error: NO_LIST_PAGE };
    },
    async siteConfig(_payload, sender) {
      const current = await settings();
      const site = siteFor(current, originOf(sender?.url));
      return ok({ enabled: Boolean(site), generic: site?.generic ?? false, language: languageIn(current), defaultCountry: current.defaultCountry });
    },
    async openFrame({ view }, sender) {
      const origin = originOf(sender?.url);
      const tabId = sender?.tab?.id;
      if (tabId === undefined || sender?.frameId === undefined || !siteFor(await settings(), origin)) return NOT_ENABLED;
      if (!VIEW_KINDS.has(view?.kind)) return NO_TICKET;
      return ok({ ticket: await tickets.issue(view, { tabId, frameId: sender.frameId, origin }) });
    },
    async redeemFrame({ ticket }, sender) {
      const record = await tickets.redeem(ticket, sender?.tab?.id);
      if (!record) return NO_TICKET;
      const grant: FrameGrant = { view: record.view, language: languageIn(await settings()), origin: record.origin };
      return ok(grant);
    },
    async frameEvent({ ticket, event }, sender) {
      const route = await tickets.routeOf(ticket, sender?.tab?.id);
      if (!route || !isFrameEvent(event)) return NO_TICKET;
      await deps.askTab?.(route.tabId, route.frameId, { crmSmsTab: 'frameEvent', payload: { ticket, event } }).catch(() => undefined);
      return ok(null);
    },
    async checkPhone({ input }) {
      return ok(checkPhone(input, (await settings()).defaultCountry));
    },
    async findPhonesInText({ text }) {
      return ok(findPhonesInText(text, (await settings()).defaultCountry));
    },
    async upsertContact({ crmId, snapshot }, sender) {
      await settingsHandlers.noteCrmUser(snapshot, sender);
      return at(sender).upsertContact(crmId, snapshot);
    },
    cost: (request, sender) => at(sender).cost(request),
    async sendMessage(request, sender) {
      const result = await at(sender).sendMessage(request);
      if (result.ok && request.contact?.crmId) void deps.push?.({ crmSmsPush: 'messagesChanged', crmId: request.contact.crmId }).catch(() => undefined);
      return result;
    },
    listMessages: ({ crmId }, sender) => at(sender).listMessages(crmId),
    provider: (_payload, sender) => at(sender).provider(),
    checkConnection: (_payload, sender) => at(sender).checkConnection(),
    balance: (_payload, sender) => at(sender).balance(),
    relayCall: (request, sender) => at(sender).call(request),
    async repliesChanged() {
      await deps.refreshUnreadBadge?.();
      return ok(null);
    },
  };
}
