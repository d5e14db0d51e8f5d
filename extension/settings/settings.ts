import { storage } from 'wxt/utils/storage';

/** A CRM site the user enabled: the content script runs there; `generic` also turns on the generic adapter. */
export interface SiteSetting {
  /** scheme://host, e.g. https://crm.example.com (any port). */
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
  sites: SiteSetting[];
}

/** The local relay and its demo CRM work without asking for any permission. */
const BUILT_IN_SITES: SiteSetting[] = [
  { origin: 'http://127.0.0.1', generic: false },
  { origin: 'http://localhost', generic: false },
];

export const DEFAULT_SETTINGS: Settings = {
  relayUrl: 'http://127.0.0.1:8787',
  token: '',
  defaultCountry: 'RU',
  language: 'auto',
  sites: BUILT_IN_SITES,
};

export const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS, version: 1 });

/** The match pattern that covers a site: every path, any port. */
export const sitePattern = (origin: string): string => {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
};

/** The site setting for a page origin, if the user enabled that site. */
export function siteFor(settings: Settings, pageOrigin: string): SiteSetting | undefined {
  const page = new URL(pageOrigin);
  return settings.sites.find((site) => {
    const url = new URL(site.origin);
    return url.protocol === page.protocol && url.hostname === page.hostname;
  });
}

/** Normalises what a user typed as a site ("crm.example.com/app" → "https://crm.example.com"), or says why not. */
export function parseSiteOrigin(input: string): { ok: true; origin: string } | { ok: false; reason: string } {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
    return { ok: true, origin: `${url.protocol}//${url.hostname}` };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}
