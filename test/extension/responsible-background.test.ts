// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import type { ContactSnapshot } from '../../shared/api';
import { createBackgroundHandlers, type Sender } from '../../extension/services/background-handlers';
import { createFrameTickets, type TicketRecord, type TicketStore } from '../../extension/services/frame-tickets';
import type { RelayClient } from '../../extension/services/relay-client';
import { mayAsk } from '../../extension/services/sender-policy';
import { createCrmUsers, type CrmUserRecord } from '../../extension/settings/crm-users';
import { DEFAULT_SETTINGS } from '../../extension/settings/settings';

const EXT = 'chrome-extension://abcdefghijklmnop';
const DEMO = 'http://127.0.0.1:8787';
const CRM = 'https://crm.example.com';

let saved: CrmUserRecord;
let upserts: string[];
const tickets: TicketStore = (() => {
  const map = new Map<string, TicketRecord>();
  return {
    get: async (k) => map.get(k) ?? null,
    set: async (k, v) => void map.set(k, v),
    remove: async (ks) => ks.forEach((k) => map.delete(k)),
    all: async () => [...map],
  };
})();

const relay = {
  upsertContact: async (crmId: string) => (upserts.push(crmId), { ok: true, value: { changed: true } }),
  checkConnection: async () => ({ ok: true, value: { ok: true, user: { name: 'admin', role: 'admin' }, provider: { id: 'sandbox', credentials: 'ok' } } }),
  forSite() {
    return this;
  },
} as unknown as RelayClient;

const handlers = () =>
  createBackgroundHandlers({
    relay,
    settings: async () => DEFAULT_SETTINGS,
    uiLanguage: () => 'ru',
    tickets: createFrameTickets({ store: tickets }),
    crmUsers: createCrmUsers({ load: async () => structuredClone(saved), save: async (record) => void (saved = structuredClone(record)) }),
  });

const card = (currentUser?: string): ContactSnapshot => ({ name: 'Иван Петров', phones: [], doNotUseSms: null, ...(currentUser ? { fields: { currentUser } } : {}) });
const contentScript = (origin: string): Sender => ({ url: `${origin}/demo/#/contacts/1`, tab: { id: 7, url: `${origin}/demo/#/contacts/1` }, frameId: 0 });
const drawerIn = (origin: string): Sender => ({ url: `${EXT}/in-page.html`, tab: { id: 7, url: `${origin}/demo/#/contacts` }, frameId: 3 });
const popup: Sender = { url: `${EXT}/popup.html` };

beforeEach(() => {
  saved = {};
  upserts = [];
});

describe("a new mailing's «Ответственный»", () => {
  it("is the token's user until a card of the site has shown who is signed in to the CRM", async () => {
    const h = handlers();
    expect(await h.defaultResponsible({}, drawerIn(DEMO))).toEqual({ ok: true, value: { name: 'admin', from: 'relay' } });
    expect(await h.upsertContact({ crmId: 'demo:1', snapshot: card('Анна Администратова') }, contentScript(DEMO))).toMatchObject({ ok: true });
    expect(upserts).toEqual(['demo:1']);
    // In the drawer of that site's page, and in the popup opened over its tab.
    expect(await h.defaultResponsible({}, drawerIn(DEMO))).toEqual({ ok: true, value: { name: 'Анна Администратова', from: 'crm' } });
    expect(await h.defaultResponsible({ sites: [DEMO] }, popup)).toEqual({ ok: true, value: { name: 'Анна Администратова', from: 'crm' } });
  });

  it("is per site: another CRM, or the popup over no CRM page, gets the token's user", async () => {
    const h = handlers();
    await h.upsertContact({ crmId: 'demo:1', snapshot: card('Анна Администратова') }, contentScript(DEMO));
    expect(await h.defaultResponsible({}, drawerIn(CRM))).toEqual({ ok: true, value: { name: 'admin', from: 'relay' } });
    expect(await h.defaultResponsible({ sites: [] }, popup)).toEqual({ ok: true, value: { name: 'admin', from: 'relay' } });
    expect(await h.defaultResponsible({ sites: ['https://other.example.com', DEMO] }, popup)).toEqual({ ok: true, value: { name: 'Анна Администратова', from: 'crm' } });
  });

  it('follows the CRM user who signs in later; a card that shows no user keeps the one known', async () => {
    const h = handlers();
    await h.upsertContact({ crmId: 'demo:1', snapshot: card('Анна Администратова') }, contentScript(DEMO));
    await h.upsertContact({ crmId: 'demo:2', snapshot: card() }, contentScript(DEMO));
    expect(saved).toEqual({ [DEMO]: 'Анна Администратова' });
    await h.upsertContact({ crmId: 'demo:2', snapshot: card('Пётр Козлов') }, contentScript(DEMO));
    expect(await h.defaultResponsible({}, drawerIn(DEMO))).toEqual({ ok: true, value: { name: 'Пётр Козлов', from: 'crm' } });
  });

  it("only the extension's pages ask for it (a CRM page may only report its cards)", () => {
    expect(mayAsk('defaultResponsible', `${DEMO}/demo/`, `${EXT}/`)).toBe(false);
    expect(mayAsk('upsertContact', `${DEMO}/demo/`, `${EXT}/`)).toBe(true);
    expect(mayAsk('defaultResponsible', `${EXT}/popup.html`, `${EXT}/`)).toBe(true);
    expect(mayAsk('testConnection', `${DEMO}/demo/`, `${EXT}/`)).toBe(false);
  });
});

describe('the CRM users remembered', () => {
  it('keep the most recently seen sites, at most 100', async () => {
    let record: CrmUserRecord = {};
    const users = createCrmUsers({ load: async () => record, save: async (next) => void (record = next) });
    await Promise.all(Array.from({ length: 105 }, (_, i) => users.remember(`https://crm${i}.example.com`, ` Пользователь ${i} `)));
    expect(Object.keys(record)).toHaveLength(100);
    expect(await users.firstOf(['https://crm0.example.com', 'https://crm104.example.com'])).toBe('Пользователь 104');
    expect(await users.firstOf(['https://crm4.example.com'])).toBeNull();
    await users.remember('https://crm4.example.com', 'Пользователь 4');
    expect(Object.keys(record)).toHaveLength(100);
    expect(Object.keys(record).at(-1)).toBe('https://crm4.example.com');
    expect(await users.firstOf(['https://crm5.example.com'])).toBeNull();
  });
});
