import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The extension: source in extension/, Preact UI, webextension-polyfill for one promise-based `browser`.
export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  // The Firefox store package comes with a sources zip for AMO review: the extension and what builds it, never the
  // relay, the tests or local relay data and secrets (data/, relay.config.json; dotfiles such as .env are left out by WXT).
  zip: { excludeSources: ['relay/**', 'test/**', 'data/**', 'coverage/**', '**/*.log', 'relay.config.json'] },
  manifest: ({ browser, manifestVersion }) => ({
    name: 'CRM SMS',
    description: 'SMS button and SMS mailings in your web CRM, through your own CRM SMS relay',
    default_locale: undefined,
    // storage: settings; scripting: the CRM content script is registered only for the sites the user enables.
    permissions: ['storage', 'scripting'],
    // The default relay and its demo CRM are on this machine. These cover the host at every port, but the
    // extension runs only on the exact origins in its settings: the relay's own and those the user added.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    // Only the in-page frame (dialog, sent list, mailings drawer) may be framed by sites, and it shows nothing
    // without a ticket from the content script of an enabled site. Chromium serves it under a per-session
    // address (use_dynamic_url), so the extension's public id does not reach it; Firefox's address is random per install.
    web_accessible_resources: [{ resources: ['in-page.html'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true }],
    // MV2 (the Firefox build) has no optional_host_permissions: WXT drops the key, so the sites go to optional_permissions.
    ...(manifestVersion === 2 ? { optional_permissions: ['https://*/*', 'http://*/*'] } : { optional_host_permissions: ['https://*/*', 'http://*/*'] }),
    // Firefox: 140 is the first (ESR) release that shows the data-collection consent AMO requires of new add-ons.
    // What leaves the browser: CRM contacts' names, phone numbers and card data, to the relay the user configures.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'crm-sms@crm-sms.dev',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
            },
          },
        }
      : {}),
  }),
});
