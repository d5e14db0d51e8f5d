import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_RULES, describeViolation, findViolations } from '../support/boundary-rules';
import { importsOf, projectImports } from '../support/import-graph';
import { layoutSection, readLayout } from '../support/readme-layout';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The violations one made-up file would add, its imports resolved against a tree where every named file exists. */
function crossings(file: string, source: string): string[] {
  return findViolations(importsOf(file, source, (path) => /\.tsx?$/.test(path))).map(describeViolation);
}

describe('import boundaries', () => {
  it('no import in relay/, extension/ or shared/ crosses a boundary of the Layout', () => {
    const violations = findViolations(projectImports(root)).map(describeViolation);
    expect(violations).toEqual([]);
  });

  it.each([
    ['shared/phones.ts', "import { x } from '../relay/store/contacts';", 'shared/ imports neither'],
    ['shared/phones.ts', "import type { Y } from '../extension/settings/settings';", 'shared/ imports neither'],
    ['extension/crm/read-list.ts', "import type { Contact } from '../../relay/store/contacts';", 'extension/crm/ (the CRM adapters)'],
    ['extension/crm/adapters/demo.ts', "import { relay } from '../../services/relay-client';", 'extension/crm/ (the CRM adapters)'],
    ['extension/crm/detect.ts', "import { render } from 'preact';", 'extension/crm/ (the CRM adapters)'],
    ['relay/providers/smsru.ts', "import { createStore } from '../store/store';", 'relay/providers/ imports no store'],
    ['relay/providers/smsru.ts', "import type { Engine } from '../mailings/engine';", 'relay/providers/ imports no store'],
    ['relay/mailings/run.ts', "import type { ContentfulStatusCode } from 'hono/utils/http-status';", 'relay/mailings/ (the engine)'],
    ['relay/mailings/run.ts', "import { ApiError } from '../http/api-error';", 'relay/mailings/ (the engine)'],
    ['relay/mailings/run.ts', "export { errorAnswer } from '../http/on-error';", 'relay/mailings/ (the engine)'],
    ['relay/store/groups.ts', "import { matchesFilter } from '../groups/contact-filter';", 'relay/store/ imports no domain logic'],
    ['relay/store/groups.ts', "import { type Filter } from '../groups/contact-filter';", 'relay/store/ imports no domain logic'],
    ['extension/services/relay-client.ts', "import { createApp } from '../../relay/app';", 'extension/ imports relay/ only'],
    ['extension/ui/popup/PopupApp.tsx', "const app = await import('../../../relay/app');", 'extension/ imports relay/ only'],
    ['relay/routes/cost.ts', "import { texts } from '../../extension/i18n/texts';", 'relay/ imports nothing from extension/'],
  ])('%s: «%s» is refused', (file, source, rule) => {
    const found = crossings(file, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(rule);
  });

  it.each([
    ['extension/crm/read-list.ts', "import type { Contact } from '../../shared/api';\nimport { byText } from './read-rules';"],
    ['relay/store/groups.ts', "import type { Filter } from '../groups/contact-filter';"],
    ['relay/store/mailing-storage.ts', "export type { Mailing } from '../mailings/lifecycle';"],
    ['extension/services/relay-client.ts', "import type { AppType } from '../../relay/app';\nimport { hc } from 'hono/client';"],
    ['relay/mailings/run.ts', "import { notFound } from '../domain/errors';\nimport { segments } from '../../shared/segments';"],
    ['relay/providers/smsru.ts', "import { ProviderError } from './provider-error';\nimport type { Clock } from '../clock';"],
  ])('%s: «%s» passes', (file, source) => {
    expect(crossings(file, source)).toEqual([]);
  });

  it('reads the line of the import, and a path in a comment or a string is no import', () => {
    const source = "// import { a } from '../store/x';\nconst s = \"import b from '../store/y'\";\n\nimport { c } from '../store/z';\n";
    const edges = importsOf('relay/providers/p.ts', source, () => false);
    expect(edges).toEqual([{ from: 'relay/providers/p.ts', target: 'relay/store/z', typeOnly: false, line: 4 }]);
  });
});

describe("the README's Layout section", () => {
  const layout = readLayout(layoutSection(readFileSync(join(root, 'README.md'), 'utf8')));
  const named = new Set(layout.entries.map((entry) => entry.path));
  const isFolder = (path: string) => statSync(join(root, path), { throwIfNoEntry: false })?.isDirectory() ?? false;

  it('is a tree the test can read: `path  what it holds`, two spaces of indent a level', () => {
    expect(layout.unreadable).toEqual([]);
    expect(layout.entries.length).toBeGreaterThan(20);
  });

  it('names only folders and files that exist', () => {
    const missing = layout.entries.filter(({ path }) => {
      const found = statSync(join(root, path), { throwIfNoEntry: false });
      return path.endsWith('/') ? !found?.isDirectory() : !found?.isFile();
    });
    expect(missing.map(({ path }) => path)).toEqual([]);
  });

  it('names every folder of relay/, extension/, shared/ and test/', () => {
    const folders = ['relay/', 'extension/', 'shared/', 'test/'].flatMap((top) => [
      top,
      ...readdirSync(join(root, top))
        .filter((name) => !name.startsWith('.') && isFolder(top + name))
        .map((name) => `${top}${name}/`),
    ]);
    expect(folders.filter((folder) => !named.has(folder))).toEqual([]);
  });

  it('states every boundary rule as the check enforces it', () => {
    expect(BOUNDARY_RULES.map((rule) => rule.says).filter((says) => !layout.rules.includes(says))).toEqual([]);
  });
});
