import type { Protocol, RequestType, Result } from '../messaging/protocol';
import { siteFor, type Settings } from '../settings/settings';
import { checkPhone, findPhonesInText } from './phone-service';
import { createMailingHandlers } from './mailing-handlers';
import type { RelayClient } from './relay-client';

type Handlers = { [K in RequestType]: (payload: Protocol[K]['request']) => Promise<Result<Protocol[K]['response']>> };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** What the background answers to each request; the relay is reached only from here. */
export function createBackgroundHandlers(deps: { relay: RelayClient; settings: () => Promise<Settings>; uiLanguage: () => string }): Handlers {
  const { relay, settings } = deps;
  return {
    ...createMailingHandlers(relay),
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
