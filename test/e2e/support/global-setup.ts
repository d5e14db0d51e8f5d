import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { e2eBrowser, findBrowser } from './find-browser';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Before the end-to-end suite: its browser must exist, and the extension is built once for that browser. */
export default function setup(project: TestProject): void {
  const browser = e2eBrowser(project.config.env?.E2E_BROWSER ?? process.env.E2E_BROWSER);
  findBrowser(browser);
  const args = browser === 'firefox' ? ['build', '-b', 'firefox'] : ['build'];
  execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', ...args], { cwd: ROOT, stdio: 'pipe' });
}
