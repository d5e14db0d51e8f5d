import { existsSync } from 'node:fs';

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

/** CHROME_PATH, then the usual places; never a silent skip when there is none. */
export function findChromium(): string {
  const candidates = [process.env.CHROME_PATH, ...CHROMIUM_PATHS].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `No Chromium or Chrome found (looked at ${candidates.join(', ')}). ` +
        'Install one ("apt-get install -y chromium" on Debian/Ubuntu) or point CHROME_PATH at the browser binary.',
    );
  }
  return found;
}
