import { browser } from 'wxt/browser';
import { sitePattern, type Settings } from '../settings/settings';

const SCRIPT_ID = 'crm-sms-crm';
const SCRIPT_FILE = 'content-scripts/crm.js';

/**
 * Keeps the CRM content script registered for exactly the enabled sites the user granted access to.
 * Sites whose permission was withdrawn are left out until it is granted again.
 */
export async function syncContentScripts(settings: Settings): Promise<string[]> {
  const patterns: string[] = [];
  for (const site of settings.sites) {
    const pattern = sitePattern(site.origin);
    if (await browser.permissions.contains({ origins: [pattern] })) patterns.push(pattern);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  const current = existing[0]?.matches ?? [];
  if (current.length === patterns.length && current.every((p) => patterns.includes(p))) return patterns;
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (patterns.length > 0) {
    await browser.scripting.registerContentScripts([
      { id: SCRIPT_ID, js: [SCRIPT_FILE], matches: patterns, runAt: 'document_idle', persistAcrossSessions: true },
    ]);
  }
  return patterns;
}
