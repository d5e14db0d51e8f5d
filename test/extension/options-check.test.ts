import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../extension/messaging/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../extension/settings/settings';
import { userClick } from './user-click';

/** The options page as it ships (entrypoints/options/main.tsx), over storage and a background the test holds. */
const world = vi.hoisted(() => ({
  stored: null as unknown as Settings,
  writes: 0,
  asked: [] as Envelope[],
}));
vi.mock('../../extension/settings/settings-item', () => ({
  settingsItem: {
    getValue: async () => structuredClone(world.stored),
    setValue: async (value: Settings) => {
      world.writes++;
      world.stored = structuredClone(value);
    },
    watch: () => () => {},
  },
}));
vi.mock('wxt/browser', () => ({
  browser: {
    i18n: { getUILanguage: () => 'ru-RU' },
    permissions: { request: async () => true, remove: async () => true },
    runtime: {
      id: 'test',
      sendMessage: async (envelope: Envelope) => {
        world.asked.push(envelope);
        if (envelope.crmSms === 'testConnection') {
          const { token } = envelope.payload as { token: string };
          return token === 'good'
            ? { ok: true, value: { ok: true, user: { name: 'Анна', role: 'marketer' }, provider: { id: 'sandbox', credentials: 'ok' } } }
            : {
                ok: false,
                error: { code: 'unauthorized', message: 'The access token is not valid or has been revoked', messageRu: 'Токен доступа недействителен или отозван' },
              };
        }
        if (envelope.crmSms === 'adapterHealth') return { ok: false, error: { code: 'forbidden', message: 'x', messageRu: 'x' } };
        return { ok: false, error: { code: 'unexpected', message: envelope.crmSms, messageRu: envelope.crmSms } };
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
  },
}));

const $ = <T extends HTMLElement = HTMLElement>(name: string) => document.querySelector<T>(`[data-crm-sms="${name}"]`);

async function until(what: string, condition: () => boolean): Promise<void> {
  await vi.waitFor(
    () => {
      if (!condition()) throw new Error(`never: ${what}; the page shows: ${document.body.textContent}`);
    },
    { timeout: 2_000, interval: 5 },
  );
}

function type(name: string, value: string): void {
  const input = $<HTMLInputElement>(name)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

beforeAll(async () => {
  world.stored = { ...DEFAULT_SETTINGS, relayUrl: 'http://127.0.0.1:8787', token: 'good' };
  document.body.innerHTML = '<div id="app"></div>';
  await import('../../extension/entrypoints/options/main');
  await until('the form', () => $('token') !== null);
});
afterAll(() => {
  document.body.innerHTML = '';
});

describe('«Проверить подключение» tests what is typed; only «Сохранить» saves', () => {
  it('a wrong token typed and tested: the relay is asked with it, the good one stays saved', async () => {
    type('token', ' wrong ');
    type('relay-url', 'http://127.0.0.1:8787/');
    await until('the unsaved note', () => $('unsaved') !== null);
    expect($('unsaved')!.textContent).toContain('ещё не сохранены');
    userClick($('check-connection')!);
    await until('the answer', () => ($('connection-result')?.textContent ?? '') !== '');
    expect($('connection-result')!.textContent).toBe('Токен доступа недействителен или отозван');
    // The background got what is typed, as saving would write it.
    expect(world.asked.filter((e) => e.crmSms === 'testConnection').map((e) => e.payload)).toEqual([{ relayUrl: 'http://127.0.0.1:8787', token: 'wrong' }]);
    expect(world.writes).toBe(0);
    expect(world.stored.token).toBe('good');
    expect(world.asked.some((e) => e.crmSms === 'checkConnection')).toBe(false);
  });

  it('«Сохранить» saves what is typed (positive control: the same page does write)', async () => {
    type('token', 'good');
    await until('no unsaved note: the token typed is the one saved', () => $('unsaved') === null);
    type('token', 'newer');
    userClick($('save')!);
    await until('«Сохранено»', () => $('saved') !== null);
    expect(world.writes).toBe(1);
    expect(world.stored.token).toBe('newer');
    expect($('unsaved')).toBeNull();
    // Typing again: «Сохранено» no longer describes the form.
    type('token', 'newest');
    await until('«Сохранено» gone', () => $('saved') === null);
    expect(world.stored.token).toBe('newer');
  });
});
