import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { parseSiteOrigin, relaySite, relayTargetOf, type Settings } from '../../settings/settings';
import { settingsItem } from '../../settings/settings-item';
import { browserSitePattern } from '../../settings/site-pattern';

const sameTarget = (a: Settings, b: Settings) => {
  const [x, y] = [relayTargetOf(a), relayTargetOf(b)];
  return x.relayUrl === y.relayUrl && x.token === y.token;
};

/**
 * The options form: settings loaded from extension storage, edited, saved only by «Сохранить» (and by
 * the site list's own buttons, which save at once); sites asked for at run time.
 */
export function useSettingsForm() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [stored, setStored] = useState<Settings | null>(null);
  const [savedAt, setSavedAt] = useState(0);
  const [siteError, setSiteError] = useState<'invalid' | 'denied' | null>(null);
  // What is typed, as of the last keystroke (a click may come before the next render).
  const typed = useRef<Settings | null>(null);

  useEffect(() => {
    void settingsItem.getValue().then((value) => {
      typed.current = value;
      setSettings(value);
      setStored(value);
    });
  }, []);

  const show = (next: Settings) => {
    typed.current = next;
    setSettings(next);
  };

  const update = (patch: Partial<Settings>) => {
    if (!typed.current) return;
    show({ ...typed.current, ...patch });
    // «Сохранено» is about the form as saved; an edit after it is not saved yet.
    setSavedAt(0);
  };

  async function save(next: Settings | null = typed.current): Promise<void> {
    if (!next) return;
    const value = { ...next, ...relayTargetOf(next) };
    await settingsItem.setValue(value);
    setStored(value);
    setSavedAt(Date.now());
  }

  /** A site change saves the site list only: what is typed in the form above stays unsaved until «Сохранить». */
  async function saveSites(sites: Settings['sites']): Promise<void> {
    const value = { ...(await settingsItem.getValue()), sites };
    await settingsItem.setValue(value);
    setStored(value);
  }

  /** Must run in the click handler: the browser asks the user for access to the site. */
  async function addSite(input: string): Promise<boolean> {
    const settings = typed.current;
    if (!settings) return false;
    const parsed = parseSiteOrigin(input);
    if (!parsed.ok) return (void setSiteError('invalid'), false);
    const granted = await browser.permissions.request({ origins: [browserSitePattern(parsed.origin)] });
    if (!granted) return (void setSiteError('denied'), false);
    setSiteError(null);
    const next = { ...settings, sites: [...settings.sites.filter((s) => s.origin !== parsed.origin), { origin: parsed.origin, generic: false }] };
    show(next);
    await saveSites(next.sites);
    return true;
  }

  async function removeSite(origin: string): Promise<void> {
    const settings = typed.current;
    if (!settings) return;
    const next = { ...settings, sites: settings.sites.filter((s) => s.origin !== origin) };
    show(next);
    await saveSites(next.sites);
    // The manifest's own hosts (127.0.0.1, localhost) cannot be given back; another site on the same host may still need it.
    const pattern = browserSitePattern(origin);
    const stillNeeded = [relaySite(await settingsItem.getValue()), relaySite(next), ...next.sites].some((s) => s && browserSitePattern(s.origin) === pattern);
    if (!stillNeeded) await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
  }

  async function toggleGeneric(origin: string, generic: boolean): Promise<void> {
    const settings = typed.current;
    if (!settings) return;
    const next = { ...settings, sites: settings.sites.map((s) => (s.origin === origin ? { ...s, generic } : s)) };
    show(next);
    await saveSites(next.sites);
  }

  return {
    settings,
    update,
    save,
    savedAt,
    /** The relay address or token typed differs from the saved one. */
    unsaved: Boolean(settings && stored && !sameTarget(settings, stored)),
    /** What «Проверить подключение» tests: the address and token as typed, normalised as saving would. */
    typedTarget: () => relayTargetOf(typed.current ?? { relayUrl: '', token: '' }),
    addSite,
    removeSite,
    toggleGeneric,
    siteError,
  };
}
