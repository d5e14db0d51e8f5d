import type { Protocol, RequestType, Result, TabEnvelope } from '../messaging/protocol';
import { siteFor, type Settings } from '../settings/settings';
import { checkPhone, findPhonesInText } from './phone-service';
import { createMailingHandlers } from './mailing-handlers';
import type { RelayClient } from './relay-client';

/** Who asked: the tab a content script or a framed extension page is in. */
export interface Sender {
  tab?: { id?: number };
}

type Handlers = { [K in RequestType]: (payload: Protocol[K]['request'], sender?: Sender) => Promise<Result<Protocol[K]['response']>> };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

const NO_LIST_PAGE = {
  code: 'no_content_script',
  message: 'This page is not a CRM contact list the extension can read',
  messageRu: 'Эта страница не является списком контактов CRM, который расширение может прочитать',
};

/** What the background answers to each request; the relay is reached only from here. */
export function createBackgroundHandlers(deps: {
  relay: RelayClient;
  settings: () => Promise<Settings>;
  uiLanguage: () => string;
  /** Asks the top frame of a tab (tabs.sendMessage). */
  askTabTop?: (tabId: number, envelope: TabEnvelope<'readListPage'>) => Promise<unknown>;
}): Handlers {
  const { relay, settings } = deps;
  return {
    ...createMailingHandlers(relay),
    // Firefox gives an extension page framed by a web page no tabs API: the background asks its tab for it.
    async readHostListPage(_payload, sender) {
      const tabId = sender?.tab?.id;
      const answer = tabId === undefined || !deps.askTabTop ? undefined : await deps.askTabTop(tabId, { crmSmsTab: 'readListPage', payload: {} }).catch(() => undefined);
      return (answer as Result<Protocol['readHostListPage']['response']> | undefined) ?? { ok: false, error: NO_LIST_PAGE };
    },
    async siteConfig({ origin }) {
      const current = await settings();
      const site = siteFor(current, origin);
      const language = current.language === 'auto' ? (deps.uiLanguage().toLowerCase().startsWith('ru') ? 'ru' : 'en') : current.language;
      return ok({ enabled: Boolean(site), generic: site?.generic ?? false, language, defaultCountry: current.defaultCountry });
    },
    async checkPhone({ input }) {
      return ok(checkPhone(input, (await settings()).defaultCountry));
    },
    async findPhonesInText({ text }) {
      return ok(findPhonesInText(text, (await settings()).defaultCountry));
    },
    upsertContact: ({ crmId, snapshot }) => relay.upsertContact(crmId, snapshot),
    cost: (request) => relay.cost(request),
    sendMessage: (request) => relay.sendMessage(request),
    listMessages: ({ crmId }) => relay.listMessages(crmId),
    provider: () => relay.provider(),
    checkConnection: () => relay.checkConnection(),
    balance: () => relay.balance(),
  };
}
