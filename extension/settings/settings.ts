/** A CRM site the user enabled: the content script runs there; `generic` also turns on the generic adapter. */
export interface SiteSetting {
  /** An exact origin: scheme://host[:port], e.g. https://crm.example.com or http://127.0.0.1:8000. */
  origin: string;
  generic: boolean;
}

export type LanguageSetting = 'auto' | 'ru' | 'en';

export interface Settings {
  relayUrl: string;
  /** The user's relay access token: read only by the background, never handed to a page. */
  token: string;
  defaultCountry: string;
  language: LanguageSetting;
  /** The sites the user added; the relay's own origin (its demo CRM) is enabled besides them. */
  sites: SiteSetting[];
}

/** The language the UI speaks: the one chosen, or for 'auto' the browser's (Russian for any ru-*, else English). */
export const languageOf = (setting: LanguageSetting, browserLanguage: string): 'ru' | 'en' =>
  setting !== 'auto' ? setting : browserLanguage.toLowerCase().startsWith('ru') ? 'ru' : 'en';

export const DEFAULT_SETTINGS: Settings = {
  relayUrl: 'http://127.0.0.1:8787',
  token: '',
  defaultCountry: 'RU',
  language: 'auto',
  sites: [],
};

/** The relay address and token as they are saved and used: no spaces around them, no trailing slash. */
export const relayTargetOf = ({ relayUrl, token }: Pick<Settings, 'relayUrl' | 'token'>): Pick<Settings, 'relayUrl' | 'token'> => ({
  relayUrl: relayUrl.trim().replace(/\/+$/, ''),
  token: token.trim(),
});

const originOf = (url: string): string | null => {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
};

/** The relay's own origin, where it serves its demo CRM: enabled without being added. */
export const relaySite = (settings: Settings): SiteSetting | null => {
  const origin = originOf(settings.relayUrl);
  return origin ? { origin, generic: false } : null;
};

/** Every site the extension runs on: the relay's origin, then the user's. */
export function enabledSites(settings: Settings): SiteSetting[] {
  const relay = relaySite(settings);
  const own = settings.sites.filter((site) => site.origin !== relay?.origin);
  return relay ? [relay, ...own] : own;
}

/** The site setting for a page (or frame) origin: only an exact match of scheme, host and port. */
export function siteFor(settings: Settings, pageOrigin: string): SiteSetting | undefined {
  const page = originOf(pageOrigin);
  return page ? enabledSites(settings).find((site) => originOf(site.origin) === page) : undefined;
}

/**
 * The match pattern that covers a site. Chromium's patterns can name the port; Firefox's cannot
 * (bug 1362809), so there the pattern covers the host and the content script checks the exact origin.
 */
export const sitePattern = (origin: string, withPort = true): string => {
  const url = new URL(origin);
  return `${url.protocol}//${withPort ? url.host : url.hostname}/*`;
};

/** Normalises what a user typed as a site ("crm.example.com/app" → "https://crm.example.com"), or says why not. */
export function parseSiteOrigin(input: string): { ok: true; origin: string } | { ok: false; reason: string } {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
    return { ok: true, origin: url.origin };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}

/**
 * Version 2 of the stored settings: `http://127.0.0.1` and `http://localhost` were built-in sites that
 * covered every port; they go (the relay's own origin replaces them). Sites the user added stay.
 */
export function migrateToV2(old: Settings): Settings {
  const builtIn = new Set(['http://127.0.0.1', 'http://localhost']);
  return { ...old, sites: (old.sites ?? []).filter((site) => !builtIn.has(site.origin)) };
}
