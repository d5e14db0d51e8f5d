import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The extension: source in extension/, Preact UI, webextension-polyfill for one promise-based `browser`.
export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'CRM SMS',
    description: 'SMS button and SMS mailings in your web CRM, through your own CRM SMS relay',
    default_locale: undefined,
    // storage: settings; scripting: the CRM content script is registered only for the sites the user enables.
    permissions: ['storage', 'scripting'],
    // Local relay and the demo CRM work out of the box; every other CRM site is asked for at run time.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'crm-sms@crm-sms.dev', strict_min_version: '115.0' } } } : {}),
  }),
});
