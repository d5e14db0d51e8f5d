import { existsSync } from 'node:fs';

/** The browser the end-to-end suite drives: E2E_BROWSER (set by the vitest project), Chromium by default. */
export type E2eBrowser = 'chromium' | 'firefox';

export function e2eBrowser(value = process.env.E2E_BROWSER): E2eBrowser {
  if (!value || value === 'chromium' || value === 'chrome') return 'chromium';
  if (value === 'firefox') return 'firefox';
  throw new Error(`E2E_BROWSER=${value}: expected "chromium" or "firefox"`);
}

export const BROWSER_NAME: Record<E2eBrowser, string> = { chromium: 'Chromium', firefox: 'Firefox' };

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
const FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr', '/snap/bin/firefox'];

function findExecutable(candidates: Array<string | undefined>, missing: (looked: string) => string): string {
  const paths = candidates.filter((p): p is string => Boolean(p));
  const found = paths.find((p) => existsSync(p));
  if (!found) throw new Error(missing(paths.join(', ')));
  return found;
}

/** CHROME_PATH, then the usual places; never a silent skip when there is none. */
export function findChromium(): string {
  return findExecutable(
    [process.env.CHROME_PATH, ...CHROMIUM_PATHS],
    (looked) =>
      `No Chromium or Chrome found (looked at ${looked}). ` + 'Install one ("apt-get install -y chromium" on Debian/Ubuntu) or point CHROME_PATH at the browser binary.',
  );
}

/** FIREFOX_PATH, then the usual places; never a silent skip when there is none. */
export function findFirefox(): string {
  return findExecutable(
    [process.env.FIREFOX_PATH, ...FIREFOX_PATHS],
    (looked) => `No Firefox found (looked at ${looked}). ` + 'Install one ("apt-get install -y firefox-esr" on Debian) or point FIREFOX_PATH at the browser binary.',
  );
}

export const findBrowser = (browser: E2eBrowser): string => (browser === 'firefox' ? findFirefox() : findChromium());
