import { browser } from 'wxt/browser';
import { enabledSites, type Settings } from '../settings/settings';
import { browserSitePattern } from '../settings/site-pattern';

const SCRIPT_ID = 'crm-sms-crm';
const SCRIPT_FILE = 'content-scripts/crm.js';
/** The main-world helper that reads page-script globals for the CRM script (see page-globals.content.ts). */
const GLOBALS_ID = 'crm-sms-page-globals';
const GLOBALS_FILE = 'content-scripts/page-globals.js';

/**
 * Keeps the CRM content script registered for exactly the enabled sites the user granted access to
 * (the relay's origin and the sites the user added). Sites whose permission was withdrawn are left out
 * until it is granted again.
 */
export async function syncContentScripts(settings: Settings): Promise<string[]> {
  const patterns: string[] = [];
  for (const site of enabledSites(settings)) {
    const pattern = browserSitePattern(site.origin);
    if (!patterns.includes(pattern) && (await browser.permissions.contains({ origins: [pattern] }))) patterns.push(pattern);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID, GLOBALS_ID] });
  const current = existing.find((s) => s.id === SCRIPT_ID)?.matches ?? [];
  const upToDate = existing.length === (patterns.length > 0 ? 2 : 0) && current.length === patterns.length && current.every((p) => patterns.includes(p));
  if (upToDate) return patterns;
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  if (patterns.length > 0) {
    await browser.scripting.registerContentScripts([
      // Every frame: Bitrix24 opens contact cards in a side-panel iframe of the same site.
      { id: SCRIPT_ID, js: [SCRIPT_FILE], matches: patterns, runAt: 'document_idle', allFrames: true, persistAcrossSessions: true },
      { id: GLOBALS_ID, js: [GLOBALS_FILE], matches: patterns, runAt: 'document_idle', allFrames: true, persistAcrossSessions: true, world: 'MAIN' } as Parameters<
        typeof browser.scripting.registerContentScripts
      >[0][number],
    ]);
  }
  return patterns;
}
