import type { ImportEdge } from './import-graph';

/**
 * One boundary of the README's Layout. A path pattern ending in "/" is a folder (everything under it), any
 * other is one file; "package:hono" is that package and its subpaths, "package:@hono/" a scope.
 */
export interface BoundaryRule {
  /** The rule as the README's Layout states it (the boundaries test checks that it does, word for word). */
  says: string;
  /** The files it applies to. */
  in: string[];
  /** What they must not import… */
  forbid?: string[];
  /** …or the only things they may import. */
  allowOnly?: string[];
  /** `import type` (erased at build time) may cross it. */
  typesMayCross?: boolean;
}

export const BOUNDARY_RULES: readonly BoundaryRule[] = [
  { says: 'shared/ imports neither relay/ nor extension/', in: ['shared/'], forbid: ['relay/', 'extension/'] },
  {
    says: 'extension/crm/ (the CRM adapters) imports only other extension/crm/ files and shared/',
    in: ['extension/crm/'],
    allowOnly: ['extension/crm/', 'shared/'],
  },
  { says: 'relay/providers/ imports no store (relay/store/) and no engine (relay/mailings/)', in: ['relay/providers/'], forbid: ['relay/store/', 'relay/mailings/'] },
  {
    says: 'relay/mailings/ (the engine) imports no routes or HTTP: relay/routes/, relay/http/, relay/app.ts, hono',
    in: ['relay/mailings/'],
    forbid: ['relay/routes/', 'relay/http/', 'relay/app.ts', 'package:hono', 'package:@hono/'],
  },
  {
    says: 'relay/store/ imports no domain logic: from relay/groups/ and relay/mailings/ only `import type`',
    in: ['relay/store/'],
    forbid: ['relay/groups/', 'relay/mailings/'],
    typesMayCross: true,
  },
  { says: 'extension/ imports relay/ only as `import type`', in: ['extension/'], forbid: ['relay/'], typesMayCross: true },
  { says: 'relay/ imports nothing from extension/', in: ['relay/'], forbid: ['extension/'] },
];

export interface Violation {
  rule: BoundaryRule;
  edge: ImportEdge;
}

export function matches(path: string, pattern: string): boolean {
  return pattern.endsWith('/') ? path.startsWith(pattern) : path === pattern || path.startsWith(`${pattern}/`);
}

const matchesAny = (path: string, patterns: readonly string[]) => patterns.some((pattern) => matches(path, pattern));

function crosses(rule: BoundaryRule, edge: ImportEdge): boolean {
  if (!matchesAny(edge.from, rule.in)) return false;
  if (edge.typeOnly && rule.typesMayCross) return false;
  if (rule.allowOnly && !matchesAny(edge.target, rule.allowOnly)) return true;
  return rule.forbid !== undefined && matchesAny(edge.target, rule.forbid);
}

export function findViolations(edges: readonly ImportEdge[], rules: readonly BoundaryRule[] = BOUNDARY_RULES): Violation[] {
  return edges.flatMap((edge) => rules.filter((rule) => crosses(rule, edge)).map((rule) => ({ rule, edge })));
}

export function describeViolation({ rule, edge }: Violation): string {
  const how = edge.typeOnly ? 'imports type' : 'imports';
  return `${edge.from}:${edge.line} ${how} ${edge.target.replace(/^package:/, '')} — ${rule.says}`;
}
