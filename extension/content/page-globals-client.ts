import { acceptAnswer, GLOBALS_ANSWER, GLOBALS_QUESTION } from './page-globals-protocol';

const TIMEOUT_MS = 300;

/**
 * Asks the main-world helper for page-script globals. Resolves to {} when it does not answer in time
 * (not registered on this site, or the page blocks it): such fields are then simply unknown.
 */
export function readPageGlobals(paths: string[]): Promise<Record<string, string>> {
  const id = crypto.randomUUID();
  return new Promise((resolve) => {
    const done = (values: Record<string, string>) => {
      window.removeEventListener(GLOBALS_ANSWER, onAnswer);
      clearTimeout(timer);
      resolve(values);
    };
    const onAnswer = (event: Event) => {
      const values = acceptAnswer((event as CustomEvent<unknown>).detail, id, paths);
      if (values) done(values);
    };
    const timer = setTimeout(() => done({}), TIMEOUT_MS);
    window.addEventListener(GLOBALS_ANSWER, onAnswer);
    window.dispatchEvent(new CustomEvent(GLOBALS_QUESTION, { detail: JSON.stringify({ id, paths }) }));
  });
}
