import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseSync } from 'oxc-parser';

/** One import as the boundary rules see it. */
export interface ImportEdge {
  /** The importing file, relative to the repository root ("relay/store/groups.ts"). */
  from: string;
  /** The imported module: a path relative to the root for the project's own files, "package:name" otherwise. */
  target: string;
  /** `import type …` / `export type … from`: erased at build time, nothing loaded at run time. */
  typeOnly: boolean;
  line: number;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs)$/;
const RESOLVED_EXTENSIONS = ['', '.ts', '.tsx', '.js', '/index.ts', '/index.tsx'];

/**
 * The imports of one file: static imports, re-exports and `import('…')` with a literal path. Only a statement
 * that says `type` up front is type-only: with verbatimModuleSyntax, `import { type A } from 'x'` still loads x.
 */
export function importsOf(file: string, source: string, isFile: (path: string) => boolean): ImportEdge[] {
  const parsed = parseSync(file, source);
  if (parsed.errors.length > 0) throw new Error(`${file}: cannot read its imports: ${parsed.errors[0]?.message}`);
  const lineAt = (offset: number) => source.slice(0, offset).split('\n').length;
  const statementIsType = (start: number) => /^(import|export)\s+type\b/.test(source.slice(start, start + 40));
  const edge = (specifier: string, start: number, typeOnly: boolean): ImportEdge => ({
    from: file,
    target: resolveSpecifier(file, specifier, isFile),
    typeOnly,
    line: lineAt(start),
  });

  const { staticImports, staticExports, dynamicImports } = parsed.module;
  const edges = staticImports.map((i) => edge(i.moduleRequest.value, i.start, statementIsType(i.start)));
  for (const statement of staticExports) {
    const request = statement.entries.find((entry) => entry.moduleRequest)?.moduleRequest;
    if (request) edges.push(edge(request.value, statement.start, statementIsType(statement.start)));
  }
  for (const dynamic of dynamicImports) {
    const literal = /^\s*(['"`])([^'"`$]+)\1\s*$/.exec(source.slice(dynamic.moduleRequest.start, dynamic.moduleRequest.end));
    if (literal?.[2]) edges.push(edge(literal[2], dynamic.start, false));
  }
  return edges;
}

/** "./x" from relay/store/a.ts → relay/store/x.ts (the file that exists, else the bare path); "hono/cors" → package:hono/cors. */
export function resolveSpecifier(from: string, specifier: string, isFile: (path: string) => boolean): string {
  if (!specifier.startsWith('.')) return `package:${specifier}`;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  return RESOLVED_EXTENSIONS.map((ext) => base + ext).find(isFile) ?? base;
}

/** Every source file under the given folders of root, as paths relative to root. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
  return folders.filter((folder) => existsSync(join(root, folder))).flatMap(walk);
}

/** The import graph of relay/, extension/ and shared/ as it is on disk now. */
export function projectImports(root: string): ImportEdge[] {
  const files = sourceFiles(root, ['relay', 'extension', 'shared']);
  const known = new Set(files);
  const isFile = (path: string) => known.has(path) || (statSync(join(root, path), { throwIfNoEntry: false })?.isFile() ?? false);
  return files.flatMap((file) => importsOf(file, readFileSync(join(root, file), 'utf8'), isFile));
}
