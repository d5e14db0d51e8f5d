/**
 * The README's "## Layout" section read as data: its code block is a tree, one `path  what it holds` a line,
 * two spaces of indent a level ("relay/" then "  store/" is relay/store/); its bullets are the boundary rules.
 */
export interface LayoutEntry {
  /** Relative to the repository root; a folder ends in "/". */
  path: string;
  line: number;
}

export interface Layout {
  entries: LayoutEntry[];
  /** Lines of the block that are not `path  description`. */
  unreadable: string[];
  /** The section's "- …" bullets, as written. */
  rules: string[];
}

const ENTRY = /^( *)([\w.@-]+(?:\/[\w.@-]+)*\/?)(?: {2,}\S.*)?$/;

export function layoutSection(readme: string): string {
  const start = readme.search(/^## Layout\s*$/m);
  if (start < 0) throw new Error('the README has no "## Layout" section');
  const rest = readme.slice(start + '## Layout'.length);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

export function readLayout(section: string): Layout {
  const block = /^```[^\n]*\n([\s\S]*?)^```/m.exec(section)?.[1] ?? '';
  const entries: LayoutEntry[] = [];
  const unreadable: string[] = [];
  const parents: string[] = [];
  block.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    const match = ENTRY.exec(text);
    const depth = (match?.[1]?.length ?? 1) / 2;
    const parent = depth === 0 ? '' : parents[depth - 1];
    if (!match?.[2] || !Number.isInteger(depth) || parent === undefined || (depth > 0 && !parent.endsWith('/'))) {
      unreadable.push(text);
      return;
    }
    const path = parent + match[2];
    parents.length = depth;
    parents.push(path);
    entries.push({ path, line: index + 1 });
  });
  const rules = [...section.matchAll(/^- (.+)$/gm)].map((bullet) => bullet[1]!.trim());
  return { entries, unreadable, rules };
}
