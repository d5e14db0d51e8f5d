import { useEffect, useState } from 'preact/hooks';
import type { HealthView } from '../../../shared/adapter-overrides';
import { ask } from '../../messaging/client';
import type { UiError } from '../../messaging/protocol';

export type ReadingHealthState =
  | { state: 'loading' }
  | { state: 'done'; sites: HealthView[] }
  /** Only an admin token sees the relay's health. */
  | { state: 'admin-only' }
  | { state: 'error'; error: UiError };

/** The relay's selector health per site, through the background: on opening, and again on `reload`. */
export function useReadingHealth() {
  const [health, setHealth] = useState<ReadingHealthState>({ state: 'loading' });
  async function reload(): Promise<void> {
    setHealth({ state: 'loading' });
    const result = await ask('adapterHealth', {});
    if (result.ok) setHealth({ state: 'done', sites: result.value });
    else setHealth(result.error.code === 'forbidden' ? { state: 'admin-only' } : { state: 'error', error: result.error });
  }
  useEffect(() => void reload(), []);
  return { health, reload };
}
