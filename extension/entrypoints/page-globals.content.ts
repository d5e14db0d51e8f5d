import { GLOBALS_ANSWER, GLOBALS_QUESTION, readGlobalPaths } from '../content/page-globals-protocol';

/**
 * Runs in the CRM page's own JavaScript world, where page-script globals live (Creatio's
 * Terrasoft.SysValue…). It only answers "what is at these paths" with strings: it holds no token,
 * cannot reach the extension, and whatever it answers is used as contact data, never as a command.
 */
export default defineContentScript({
  registration: 'runtime',
  world: 'MAIN',
  matches: ['http://127.0.0.1/*', 'http://localhost/*'],
  main() {
    window.addEventListener(GLOBALS_QUESTION, (event) => {
      const question = parse((event as CustomEvent<unknown>).detail);
      if (!question) return;
      const answer = JSON.stringify({ id: question.id, values: readGlobalPaths(window, question.paths) });
      window.dispatchEvent(new CustomEvent(GLOBALS_ANSWER, { detail: answer }));
    });
  },
});

function parse(detail: unknown): { id: string; paths: string[] } | null {
  try {
    const value = JSON.parse(String(detail)) as { id?: unknown; paths?: unknown };
    if (typeof value.id !== 'string' || !Array.isArray(value.paths)) return null;
    return { id: value.id, paths: value.paths.filter((p): p is string => typeof p === 'string').slice(0, 20) };
  } catch {
    return null;
  }
}
