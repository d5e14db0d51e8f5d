import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-browser';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Before the end-to-end suite: a browser must exist, and the extension is built once. */
export default function setup(): void {
  findChromium();
  execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build'], { cwd: ROOT, stdio: 'pipe' });
}
