import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * WXT's fakeBrowser (in-memory runtime, storage, tabs) as the extension's `browser`, with what it leaves
 * unimplemented filled in the way Chromium behaves: content-script registration (`scripting`), host
 * permissions, the UI language. Called from `vi.hoisted`, before any module reads `browser`
 * (wxt/browser and @wxt-dev/storage pick the global up when they load).
 */
export function installFakeBrowser() {
  vi.stubGlobal('browser', fakeBrowser);
  vi.stubGlobal('chrome', fakeBrowser);
  return { fakeBrowser, scripting: fakeScripting(), permissions: fakePermissions() };
}

type Listener<A extends unknown[]> = (...args: A) => unknown;

function fakeEvent<A extends unknown[]>() {
  const listeners = new Set<Listener<A>>();
  return {
    addListener: (listener: Listener<A>) => void listeners.add(listener),
    removeListener: (listener: Listener<A>) => void listeners.delete(listener),
    hasListener: (listener: Listener<A>) => listeners.has(listener),
    hasListeners: () => listeners.size > 0,
    trigger: async (...args: A) => Promise.all([...listeners].map((listener) => listener(...args))),
  };
}

export interface RegisteredScript {
  id: string;
  js?: string[];
  matches?: string[];
  runAt?: string;
  allFrames?: boolean;
  persistAcrossSessions?: boolean;
  world?: string;
}

/** chrome.scripting's dynamic content scripts, kept in memory; a second registration of an id fails, as in Chromium. */
function fakeScripting() {
  const registered = new Map<string, RegisteredScript>();
  const calls = { register: 0, unregister: 0 };
  const api = {
    async getRegisteredContentScripts(filter?: { ids?: string[] }) {
      return [...registered.values()].filter((script) => !filter?.ids || filter.ids.includes(script.id)).map((script) => structuredClone(script));
    },
    async registerContentScripts(scripts: RegisteredScript[]) {
      calls.register++;
      for (const script of scripts) if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
      for (const script of scripts) registered.set(script.id, structuredClone(script));
    },
    async unregisterContentScripts(filter?: { ids?: string[] }) {
      calls.unregister++;
      for (const id of filter?.ids ?? []) if (!registered.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
      for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
    },
  };
  Object.assign(fakeBrowser.scripting, api);
  return { registered, calls, reset: () => (registered.clear(), (calls.register = 0), (calls.unregister = 0)) };
}

/** Host permissions the user granted (match patterns), with the events the background listens to. */
function fakePermissions() {
  const granted = new Set<string>();
  const onAdded = fakeEvent<[{ origins?: string[] }]>();
  const onRemoved = fakeEvent<[{ origins?: string[] }]>();
  Object.assign(fakeBrowser.permissions, {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((origin) => granted.has(origin)),
    onAdded,
    onRemoved,
  });
  Object.assign(fakeBrowser.i18n, { getUILanguage: () => 'ru-RU' });
  Object.assign(fakeBrowser.runtime, { openOptionsPage: async () => undefined });
  return {
    granted,
    grant: (origin: string) => (granted.add(origin), onAdded.trigger({ origins: [origin] })),
    revoke: (origin: string) => (granted.delete(origin), onRemoved.trigger({ origins: [origin] })),
  };
}
