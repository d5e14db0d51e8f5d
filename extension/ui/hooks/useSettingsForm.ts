import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { parseSiteOrigin, relaySite, type Settings } from '../../settings/settings';
import { settingsItem } from '../../settings/settings-item';
import { browserSitePattern } from '../../settings/site-pattern';

/** The options form: settings loaded from extension storage, edited, saved; sites asked for at run time. */
export function useSettingsForm() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [savedAt, setSavedAt] = useState(0);
  const [siteError, setSiteError] = useState<'invalid' | 'denied' | null>(null);

  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
  }, []);

  const update = (patch: Partial<Settings>) => setSettings((current) => (current ? { ...current, ...patch } : current));

  async function save(next: Settings | null = settings): Promise<void> {
    if (!next) return;
    await settingsItem.setValue({ ...next, relayUrl: next.relayUrl.trim().replace(/\/+$/, ''), token: next.token.trim() });
    setSavedAt(Date.now());
  }

  /** Must run in the click handler: the browser asks the user for access to the site. */
  async function addSite(input: string): Promise<boolean> {
    if (!settings) return false;
    const parsed = parseSiteOrigin(input);
    if (!parsed.ok) return void setSiteError('invalid'), false;
    const granted = await browser.permissions.request({ origins: [browserSitePattern(parsed.origin)] });
    if (!granted) return void setSiteError('denied'), false;
    setSiteError(null);
    const next = { ...settings, sites: [...settings.sites.filter((s) => s.origin !== parsed.origin), { origin: parsed.origin, generic: false }] };
    setSettings(next);
    await save(next);
    return true;
  }

  async function removeSite(origin: string): Promise<void> {
    if (!settings) return;
    const next = { ...settings, sites: settings.sites.filter((s) => s.origin !== origin) };
    setSettings(next);
    await save(next);
    // The manifest's own hosts (127.0.0.1, localhost) cannot be given back; another site on the same host may still need it.
    const pattern = browserSitePattern(origin);
    const stillNeeded = [relaySite(next), ...next.sites].some((s) => s && browserSitePattern(s.origin) === pattern);
    if (!stillNeeded) await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
  }

  async function toggleGeneric(origin: string, generic: boolean): Promise<void> {
    if (!settings) return;
    const next = { ...settings, sites: settings.sites.map((s) => (s.origin === origin ? { ...s, generic } : s)) };
    setSettings(next);
    await save(next);
  }

  return { settings, update, save, savedAt, addSite, removeSite, toggleGeneric, siteError };
}
