import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';

/**
 * Rewrites library files of the bundle: `rewrites` maps a file (the end of its path) to [pattern, replacement]
 * pairs. A library update that no longer has a pattern fails the build, so a rewrite cannot silently stop
 * applying (and the store lint in `npm test` checks the result).
 */
function rewriteLibraries(name: string, rewrites: Record<string, [RegExp, string][]>): Plugin {
  return {
    name,
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?')[0]!.replaceAll('\\', '/');
      const file = Object.keys(rewrites).find((end) => path.endsWith(`/node_modules/${end}`));
      if (!file) return null;
      let result = code;
      for (const [pattern, replacement] of rewrites[file]!) {
        if (!pattern.test(result)) throw new Error(`${name}: ${file} no longer contains ${pattern}; check the library update`);
        result = result.replace(pattern, replacement);
      }
      return { code: result, map: null };
    },
  };
}

// What AMO's reviewers are warned about is kept out of the bundles (`npm test` runs addons-linter on the Firefox build).
const storeSafeLibraries = rewriteLibraries('store-safe-libraries', {
  // zod compiles object parsers into code with `new Function` when its probe finds that allowed. Its probe answers
  // "no" here, so zod is jitless in the extension from its first schema on (as `z.config({ jitless: true })` would
  // make it, but with nothing to call first), and its compiler, now unreachable, throws instead of evaluating.
  'zod/v4/core/util.js': [[/const F = Function;\s*new F\(""\);\s*return true;/, 'return false;']],
  'zod/v4/core/doc.js': [[/const F = Function;/, 'const F = function () { throw new Error("zod is jitless in CRM SMS"); };']],
  // preact sets innerHTML only for dangerouslySetInnerHTML, which the extension never uses: that prop throws instead.
  'preact/dist/preact.mjs': [[/\((\w+)\.innerHTML=(\w+)\.__html\)/, '(()=>{throw new Error("CRM SMS sets no innerHTML: dangerouslySetInnerHTML is not supported")})()']],
});

// The extension: source in extension/, Preact UI, webextension-polyfill for one promise-based `browser`.
export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [storeSafeLibraries, preact()] }),
  // The Firefox store package comes with a sources zip for AMO review: the extension and what builds it, never the
  // relay, the tests or local relay data and secrets (data/, relay.config.json; dotfiles such as .env are left out by WXT).
  zip: { excludeSources: ['relay/**', 'test/**', 'data/**', 'coverage/**', '**/*.log', 'relay.config.json'] },
  manifest: ({ browser, manifestVersion }) => ({
    name: 'CRM SMS',
    description: 'SMS button and SMS mailings in your web CRM, through your own CRM SMS relay',
    default_locale: undefined,
    // storage: settings; scripting: the CRM content script is registered only for the sites the user enables;
    // alarms: the toolbar badge asks the relay for unread replies about once a minute.
    permissions: ['storage', 'scripting', 'alarms'],
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
            // Firefox for Android shows the data-collection consent from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
