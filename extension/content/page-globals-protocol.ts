/** Events between the isolated content script and its main-world helper; details are JSON strings (they cross worlds as text). */
export const GLOBALS_QUESTION = 'crm-sms:globals-question';
export const GLOBALS_ANSWER = 'crm-sms:globals-answer';

const MAX_LENGTH = 300;
const PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Values at dotted paths of `root`, by plain property reads (no calls); only short strings and numbers, as text. */
export function readGlobalPaths(root: object, paths: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const path of paths) {
    if (!PATH.test(path)) continue;
    let value: unknown = root;
    for (const key of path.split('.')) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
        value = undefined;
        break;
      }
      try {
        value = (value as Record<string, unknown>)[key];
      } catch {
        value = undefined;
        break;
      }
    }
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
    if (text && text.length <= MAX_LENGTH) values[path] = text;
  }
  return values;
}

/**
 * What the main-world helper answered, checked like any input from the page: the question's id, and
 * only short strings at the paths that were asked for.
 */
export function acceptAnswer(detail: unknown, id: string, paths: string[]): Record<string, string> | null {
  let answer: { id?: unknown; values?: unknown };
  try {
    answer = JSON.parse(String(detail)) as typeof answer;
  } catch {
    return null;
  }
  if (answer.id !== id || !answer.values || typeof answer.values !== 'object') return null;
  const values: Record<string, string> = {};
  for (const path of paths) {
    const value = (answer.values as Record<string, unknown>)[path];
    if (typeof value === 'string' && value.trim() && value.length <= MAX_LENGTH) values[path] = value.trim();
  }
  return values;
}
