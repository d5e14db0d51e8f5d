import { browser } from 'wxt/browser';
import { isEnvelope } from '../messaging/protocol';
import { createBackgroundHandlers } from '../services/background-handlers';
import { syncContentScripts } from '../services/content-script-registration';
import { createRelayClient } from '../services/relay-client';
import { settingsItem } from '../settings/settings';

export default defineBackground(() => {
  const relay = createRelayClient(async () => {
    const { relayUrl, token } = await settingsItem.getValue();
    return { relayUrl, token };
  });
  const handlers = createBackgroundHandlers({
    relay,
    settings: () => settingsItem.getValue(),
    uiLanguage: () => browser.i18n.getUILanguage(),
    askTabTop: (tabId, envelope) => browser.tabs.sendMessage(tabId, envelope, { frameId: 0 }),
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id || !isEnvelope(message)) return undefined;
    const handler = handlers[message.crmSms] as ((payload: unknown, from: typeof sender) => Promise<unknown>) | undefined;
    return handler ? handler(message.payload, sender) : undefined;
  });

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });

  const sync = () => settingsItem.getValue().then(syncContentScripts).catch((error: unknown) => console.error('[crm-sms] registering the CRM script failed', error));
  void sync();
  settingsItem.watch(() => void sync());
  browser.permissions.onAdded.addListener(() => void sync());
  browser.permissions.onRemoved.addListener(() => void sync());
});
