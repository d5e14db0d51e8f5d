import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { E2E_BROWSER, EXTENSION_DIR } from './support/extension-browser';

/**
 * Mozilla's addons-linter — what addons.mozilla.org runs on every upload — on the Firefox build this suite
 * tests (global-setup built it). A reviewer asks about every warning, so there must be none.
 */
const LINTER = fileURLToPath(new URL('../../node_modules/addons-linter/bin/addons-linter', import.meta.url));

interface Finding {
  code: string;
  file?: string;
  message: string;
}

async function lint(dir: string): Promise<{ errors: Finding[]; warnings: Finding[]; notices: Finding[] }> {
  // The linter exits non-zero when it finds errors; its JSON report is on stdout either way.
  const { stdout } = await promisify(execFile)(process.execPath, [LINTER, '--output', 'json', '--boring', dir], { maxBuffer: 64 << 20 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(stdout);
}

const brief = (findings: Finding[]) => findings.map((f) => `${f.code} ${f.file ?? ''}: ${f.message}`);

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the build with what the linter must catch: innerHTML in the content script, `Function` in the popup's code, an Android-less manifest. */
async function spoiledCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crmsms-lint-'));
  temps.push(dir);
  await cp(EXTENSION_DIR, dir, { recursive: true });
  await appendFile(join(dir, 'content-scripts/crm.js'), '\ndocument.body.innerHTML = location.hash;\n');
  const popupChunk = (await readdir(join(dir, 'chunks'))).find((name) => name.startsWith('PopupApp-'))!;
  await appendFile(join(dir, 'chunks', popupChunk), '\nexport const compiled = Function(location.hash);\n');
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  delete manifest.browser_specific_settings.gecko_android;
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe.runIf(E2E_BROWSER === 'firefox')('the Firefox build for addons.mozilla.org (addons-linter)', () => {
  it('has no errors and no warnings; the same run flags innerHTML, Function and an unsupported Android key once they are there', async () => {
    const [clean, spoiled] = await Promise.all([lint(EXTENSION_DIR), spoiledCopy().then(lint)]);
    expect(brief(clean.errors)).toEqual([]);
    expect(brief(clean.warnings)).toEqual([]);

    // Positive control: the linter read the content script, the popup's chunk and the manifest.
    const flagged = spoiled.warnings.map((f) => `${f.code} ${f.file}`);
    expect(flagged).toEqual(
      expect.arrayContaining([
        'UNSAFE_VAR_ASSIGNMENT content-scripts/crm.js',
        expect.stringMatching(/^DANGEROUS_EVAL chunks\/PopupApp-.*\.js$/),
        'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION manifest.json',
      ]),
    );
  });
});
