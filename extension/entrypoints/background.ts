import { browser } from 'wxt/browser';
import { isEnvelope, type Result } from '../messaging/protocol';
import { createBackgroundHandlers } from '../services/background-handlers';
import { syncContentScripts } from '../services/content-script-registration';
import { createFrameTickets } from '../services/frame-tickets';
import { createReadHealth } from '../services/read-health';
import { createRelayClient } from '../services/relay-client';
import { createSiteOverrides } from '../services/site-overrides';
import { mayAsk } from '../services/sender-policy';
import { sessionTicketStore } from '../services/session-ticket-store';
import { createUnreadBadge } from '../services/unread-badge';
import { keepBadgeCurrent } from '../services/unread-badge-schedule';
import { languageOf } from '../settings/settings';
import { settingsItem } from '../settings/settings-item';

const NOT_FOR_CONTENT_SCRIPTS: Result<never> = {
  ok: false,
  error: { code: 'not_allowed', message: "Only the extension's own pages may ask this", messageRu: 'Это доступно только страницам самого расширения' },
};

const HEALTH_KEY = 'read-health:pending';

export default defineBackground(() => {
  const relay = createRelayClient(async () => {
    const { relayUrl, token } = await settingsItem.getValue();
    return { relayUrl, token };
  });
  // Counts wait in storage.session between batches: a restarted service worker sends them late, not never.
  const health = createReadHealth({
    send: (report) => relay.reportHealth(report),
    store: {
      load: async () => (await browser.storage.session.get(HEALTH_KEY))[HEALTH_KEY],
      save: (pending) => browser.storage.session.set({ [HEALTH_KEY]: pending }),
    },
  });
  void health.flush(false).catch(() => undefined);
  // The toolbar button is browser.action in MV3 (Chromium) and browser.browserAction in MV2 (the Firefox build).
  const badge = createUnreadBadge({
    action: browser.action ?? browser.browserAction,
    unread: () => relay.unreadReplies(),
    language: async () => languageOf((await settingsItem.getValue()).language, browser.i18n.getUILanguage()),
  });
  // Its listeners are added before the first await: a service worker woken by the alarm must find them there.
  void keepBadgeCurrent({ badge, alarms: browser.alarms, onSettingsChange: (listener) => settingsItem.watch(listener) }).catch((error: unknown) =>
    console.error('[crm-sms] scheduling the unread-replies badge failed', error),
  );
  const handlers = createBackgroundHandlers({
    relay,
    settings: () => settingsItem.getValue(),
    uiLanguage: () => browser.i18n.getUILanguage(),
    tickets: createFrameTickets({ store: sessionTicketStore }),
    askTab: (tabId, frameId, envelope) => browser.tabs.sendMessage(tabId, envelope, { frameId }),
    push: (message) => browser.runtime.sendMessage(message),
    overrides: createSiteOverrides({
      relay,
      store: { get: async (key) => (await browser.storage.local.get(key))[key], set: (key, value) => browser.storage.local.set({ [key]: value }) },
    }),
    health,
    refreshUnreadBadge: () => badge.refresh(),
  });
  const extensionBase = browser.runtime.getURL('/');

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id || !isEnvelope(message)) return undefined;
    if (!mayAsk(message.crmSms, sender.url, extensionBase)) return Promise.resolve(NOT_FOR_CONTENT_SCRIPTS);
    const handler = handlers[message.crmSms] as ((payload: unknown, from: typeof sender) => Promise<unknown>) | undefined;
    return handler ? handler(message.payload, sender) : undefined;
  });

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });

  const sync = () =>
    settingsItem
      .getValue()
      .then(syncContentScripts)
      .catch((error: unknown) => console.error('[crm-sms] registering the CRM script failed', error));
  void sync();
  settingsItem.watch(() => void sync());
  browser.permissions.onAdded.addListener(() => void sync());
  browser.permissions.onRemoved.addListener(() => void sync());
});
