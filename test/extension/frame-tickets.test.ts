// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { createBackgroundHandlers, type Sender } from '../../extension/services/background-handlers';
import { createFrameTickets, REDEEM_WITHIN_MS, type TicketRecord, type TicketStore } from '../../extension/services/frame-tickets';
import type { RelayClient } from '../../extension/services/relay-client';
import { mayAsk } from '../../extension/services/sender-policy';
import { DEFAULT_SETTINGS } from '../../extension/settings/settings';

const EXT = 'chrome-extension://abcdefghijklmnop';
const EXT_BASE = `${EXT}/`;
const CRM = 'http://127.0.0.1:8787';

const memoryStore = (): TicketStore => {
  const map = new Map<string, TicketRecord>();
  return {
    get: async (t) => map.get(t) ?? null,
    set: async (t, r) => void map.set(t, r),
    remove: async (ts) => ts.forEach((t) => map.delete(t)),
    all: async () => [...map.entries()],
  };
};

let now = 1_000_000;
let told: Array<{ tabId: number; frameId: number; envelope: unknown }>;
let pushed: unknown[];
let sent: unknown[];

const handlers = () =>
  createBackgroundHandlers({
    relay: {
      sendMessage: async (request: unknown) => (sent.push(request), { ok: true, value: { id: 'm1' } }),
      forSite() {
        return this;
      },
    } as unknown as RelayClient,
    settings: async () => DEFAULT_SETTINGS,
    uiLanguage: () => 'ru',
    tickets: createFrameTickets({ store: memoryStore(), now: () => now }),
    askTab: async (tabId, frameId, envelope) => void told.push({ tabId, frameId, envelope }),
    push: async (message) => void pushed.push(message),
  });

const contentScript = (url = `${CRM}/demo/#/contacts/1`, tabId = 7, frameId = 0): Sender => ({ url, tab: { id: tabId }, frameId });
const frame = (tabId = 7): Sender => ({ url: `${EXT}/in-page.html`, tab: { id: tabId }, frameId: 3 });

beforeEach(() => {
  told = [];
  pushed = [];
  sent = [];
});

describe('the in-page frames: a ticket only the content script of an enabled site gets', () => {
  it("siteConfig judges the sender's own address, not anything it says", async () => {
    const h = handlers();
    expect(await h.siteConfig({} as never, contentScript())).toMatchObject({ ok: true, value: { enabled: true } });
    expect(await h.siteConfig({ origin: CRM } as never, contentScript('http://127.0.0.1:9999/demo/'))).toMatchObject({ ok: true, value: { enabled: false } });
  });

  it('a content script on a site that is not enabled gets no ticket', async () => {
    const h = handlers();
    const answer = await h.openFrame({ view: { kind: 'mailings' } }, contentScript('http://127.0.0.1:9999/'));
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
  });

  it("a ticket is redeemed once, in the same tab, soon; then it routes the frame's events to the frame that asked", async () => {
    const h = handlers();
    const issued = await h.openFrame({ view: { kind: 'sent', crmId: 'demo:x:1' } }, contentScript(undefined, 7, 2));
    expect(issued.ok).toBe(true);
    const ticket = issued.ok ? issued.value.ticket : '';
    expect(await h.frameEvent({ ticket, event: { type: 'close' } }, frame())).toMatchObject({ ok: false });
    expect(await h.redeemFrame({ ticket }, frame(8))).toMatchObject({ ok: false });
    expect(await h.redeemFrame({ ticket }, frame())).toEqual({ ok: true, value: { view: { kind: 'sent', crmId: 'demo:x:1' }, language: 'ru', origin: CRM } });
    expect(await h.redeemFrame({ ticket }, frame())).toMatchObject({ ok: false });
    expect(await h.frameEvent({ ticket, event: { type: 'resize', height: 120 } }, frame())).toEqual({ ok: true, value: null });
    expect(await h.frameEvent({ ticket, event: { type: 'resize', height: 120 } }, frame(8))).toMatchObject({ ok: false });
    expect(await h.frameEvent({ ticket, event: { type: 'send' } as never }, frame())).toMatchObject({ ok: false });
    expect(told).toEqual([{ tabId: 7, frameId: 2, envelope: { crmSmsTab: 'frameEvent', payload: { ticket, event: { type: 'resize', height: 120 } } } }]);
  });

  it('a ticket not redeemed in time, or made up, shows nothing', async () => {
    const h = handlers();
    const issued = await h.openFrame({ view: { kind: 'mailings' } }, contentScript());
    now += REDEEM_WITHIN_MS + 1;
    expect(await h.redeemFrame({ ticket: issued.ok ? issued.value.ticket : '' }, frame())).toMatchObject({ ok: false });
    expect(await h.redeemFrame({ ticket: 'made-up' }, frame())).toMatchObject({ ok: false });
  });

  it("a sent message tells the extension's pages (the sent lists) to reload", async () => {
    await handlers().sendMessage({ to: '79123456789', text: 'Hi', contact: { crmId: 'demo:x:1' } });
    expect(pushed).toEqual([{ crmSmsPush: 'messagesChanged', crmId: 'demo:x:1' }]);
  });
});

describe('who may ask the background what', () => {
  it("a content script never sends, spends or reads the relay's data; the extension's pages may", () => {
    for (const type of ['sendMessage', 'cost', 'mailingAction', 'listMessages', 'listMailings', 'redeemFrame', 'frameEvent', 'balance'] as const) {
      expect(mayAsk(type, `${CRM}/demo/`, EXT_BASE), type).toBe(false);
      expect(mayAsk(type, `${EXT}/in-page.html`, EXT_BASE), type).toBe(true);
      expect(mayAsk(type, `${EXT}x/in-page.html`, EXT_BASE), type).toBe(false);
    }
    for (const type of ['siteConfig', 'openFrame', 'findPhonesInText', 'upsertContact'] as const) expect(mayAsk(type, `${CRM}/demo/`, EXT_BASE), type).toBe(true);
    expect(mayAsk('sendMessage', undefined, EXT_BASE)).toBe(false);
    expect(mayAsk('sendMessage', 'not a url', EXT_BASE)).toBe(false);
  });
});

describe('tickets nobody redeems', () => {
  it('are dropped once their redeem window is over, while a redeemed one stays to route its frame', async () => {
    const store = memoryStore();
    let clock = 5_000_000;
    const tickets = createFrameTickets({ store, now: () => clock });
    const route = { tabId: 1, frameId: 0, origin: CRM };
    const unused = await tickets.issue({ kind: 'mailings' }, route as never);
    const used = await tickets.issue({ kind: 'mailings' }, route as never);
    expect(await tickets.redeem(used, 1)).not.toBeNull();
    clock += REDEEM_WITHIN_MS + 1;
    await tickets.issue({ kind: 'mailings' }, route as never); // issuing prunes
    const left = (await store.all()).map(([ticket]) => ticket);
    expect(left).not.toContain(unused);
    expect(left).toContain(used);
  });
});
