import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../../shared/api';
import { NO_REPLIES, type ConversationEntry, type ReplyView } from '../../shared/replies';
import type { Envelope } from '../../extension/messaging/protocol';
import { SentFrame } from '../../extension/ui/in-page/SentFrame';
import { refusal, standInRelay, type RelayAnswer, type RelayRequest } from './support/stand-in-relay';

/**
 * The card's «Переписка» as the agent sees it in its frame: what was sent and what came back, newest
 * first, the mailing column kept; a reply unread until the conversation is opened is marked «новое», and
 * opening marks the contact's replies read once, only when there are unread ones. The frame's messages go
 * through the background's real handlers to a stand-in relay that answers the conversation routes as the
 * relay does (relay/replies/conversation.ts: newest first, a page of it, the unread count).
 */
const background = vi.hoisted(() => ({ handle: null as null | ((envelope: Envelope) => Promise<unknown>), told: [] as unknown[] }));
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      id: 'test',
      sendMessage: (envelope: Envelope) => {
        if (envelope.crmSms === 'frameEvent') background.told.push((envelope.payload as { event: unknown }).event);
        return background.handle!(envelope);
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
  },
}));

const CRM_ID = 'demo:127.0.0.1:1';
const BASE = `/api/contacts/${encodeURIComponent(CRM_ID)}/conversation`;

const sent = (id: string, at: string, patch: Partial<MessageView> = {}): MessageView => ({
  id,
  contact: { crmId: CRM_ID, name: 'Иван Петров' },
  phone: '79123456789',
  text: `Сообщение ${id}`,
  parts: 1,
  encoding: 'UCS-2',
  provider: 'sandbox',
  providerMessageId: id,
  status: 'delivered',
  cost: 3.5,
  currency: 'RUB',
  error: null,
  mailing: null,
  sentBy: 'anna',
  createdAt: at,
  updatedAt: at,
  ...patch,
});
const reply = (id: string, at: string, text: string, patch: Partial<ReplyView> = {}): ReplyView => ({
  id,
  provider: 'sandbox',
  providerMessageId: `sbx-${id}`,
  from: '79123456789',
  to: 'sandbox',
  text,
  receivedAt: at,
  contactIds: [CRM_ID],
  mailing: null,
  keyword: null,
  read: false,
  ...patch,
});

let outgoing: MessageView[];
/** The agent's fold as this browser keeps it (the storage item's stand-in). */
let folded: boolean;
const fold = { getValue: async () => folded, setValue: async (value: boolean) => void (folded = value) };
let replies: ReplyView[];
let repliesPassedOn: boolean;
let relay: ReturnType<typeof standInRelay>;

function answer({ method, path, query }: RelayRequest): RelayAnswer {
  if (path === '/api/provider' && method === 'GET')
    return { status: 200, body: { id: 'sandbox', name: 'Песочница', capabilities: { replies: repliesPassedOn }, noRepliesText: NO_REPLIES } };
  if (path === BASE && method === 'GET') {
    const entries: ConversationEntry[] = [
      ...outgoing.map((message) => ({ direction: 'outgoing' as const, at: message.createdAt, message })),
      ...replies.map((r) => ({ direction: 'incoming' as const, at: r.receivedAt, reply: { ...r } })),
    ].sort((a, b) => b.at.localeCompare(a.at));
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? 50);
    return { status: 200, body: { total: entries.length, unread: replies.filter((r) => !r.read).length, entries: entries.slice(offset, offset + limit) } };
  }
  if (path === `${BASE}/read` && method === 'POST') {
    const marked = replies.filter((r) => !r.read).length;
    replies = replies.map((r) => ({ ...r, read: true }));
    return { status: 200, body: { marked } };
  }
  return refusal(404, 'not_found', `No route ${method} ${path}`, 'Нет такого запроса');
}

/** Waits on a condition; generous, as the machine may be busy. */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5000 });

let root: HTMLElement;
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const rows = () => [...root.querySelectorAll<HTMLElement>('tbody tr')];
/** Each row as the agent reads it: direction, text, the status cell, the mailing column. */
const timeline = () =>
  rows().map((row) => {
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    return [row.dataset.direction, cells[2], cells[4], cells[6]];
  });
const markReads = () => relay.calls('POST', `${BASE}/read`);
const conversationLoads = () => relay.calls('GET', BASE);

async function open(language: 'ru' | 'en' = 'ru') {
  render(h(SentFrame, { language, crmId: CRM_ID, ticket: 'ticket-1', fold }), root);
  await eventually(() => expect(conversationLoads().length).toBeGreaterThan(0));
  await eventually(() => expect(rows().length + root.querySelectorAll('.crm-sms-hint').length).toBeGreaterThan(0));
}
/**
 * A few turns of the event loop: enough for a poll the frame started to reach the stand-in (which answers
 * at once). The folded test's positive control shows that a poll does reach it within them.
 */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};
const refresh = async () => {
  const before = conversationLoads().length;
  [...root.querySelectorAll('button')].find((b) => b.textContent === 'Обновить' || b.textContent === 'Refresh')!.click();
  await eventually(() => expect(conversationLoads().length).toBe(before + 1));
};

beforeEach(() => {
  outgoing = [];
  folded = false;
  replies = [];
  repliesPassedOn = true;
  background.told = [];
  relay = standInRelay(answer, { url: 'chrome-extension://test/in-page.html', tab: { id: 7 }, frameId: 3 });
  background.handle = relay.handle;
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      disconnect() {}
    },
  );
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe("the card's conversation («Переписка»)", () => {
  it('shows sent messages and replies in one timeline, newest first, the mailing column kept, the unread reply «новое»', async () => {
    outgoing = [
      sent('card-1', '2026-11-30T09:00:00.000Z'),
      sent('mail-1', '2026-11-30T10:00:00.000Z', { mailing: { id: 'm1', name: 'Акция декабря' }, text: 'Скидка 10%' }),
    ];
    replies = [
      reply('r-old', '2026-11-30T09:30:00.000Z', 'Спасибо', { read: true }),
      reply('r-new', '2026-11-30T10:05:00.000Z', 'А до какого числа?', { mailing: { id: 'm1', name: 'Акция декабря' } }),
    ];
    await open('ru');
    expect($('sent-panel')!.querySelector('h3')!.textContent).toBe('Переписка');
    expect(timeline()).toEqual([
      ['incoming', 'А до какого числа?', 'Ответ новое', 'Акция декабря'],
      ['outgoing', 'Скидка 10%', 'Доставлено', 'Акция декабря'],
      ['incoming', 'Спасибо', 'Ответ', ''],
      ['outgoing', 'Сообщение card-1', 'Доставлено', ''],
    ]);
    // The reply's number and time, as the sent rows write theirs.
    const newest = rows()[0]!;
    expect(newest.querySelector('[data-crm-sms="reply-phone"]')!.textContent).toBe('+7 912 345 67 89');
    expect(newest.querySelector('td')!.textContent).toMatch(/^30\.11\.2026, \d\d:05$/);
    expect(root.querySelectorAll('[data-crm-sms="reply-new"]')).toHaveLength(1);
    // The sent rows keep the names the existing tests read.
    expect([...root.querySelectorAll('[data-crm-sms="sent-row"] [data-crm-sms="sent-mailing"]')].map((td) => td.textContent)).toEqual(['Акция декабря', '']);
    expect($('no-replies')).toBeNull();
  });

  it('opening it marks the replies read once; a conversation without unread ones marks nothing, until a reply comes', async () => {
    outgoing = [sent('card-1', '2026-11-30T09:00:00.000Z')];
    await open('ru');
    await refresh();
    // Nothing unread: two loads, no mark.
    expect(markReads()).toHaveLength(0);
    expect(background.told).not.toContainEqual({ type: 'repliesRead' });

    // Positive control, same frame: a reply arrives, the next load shows it «новое» and marks it read, once.
    replies = [reply('r1', '2026-11-30T09:10:00.000Z', 'Перезвоните мне')];
    await refresh();
    await eventually(() => expect(markReads()).toHaveLength(1));
    await eventually(() => expect(background.told).toContainEqual({ type: 'repliesRead' }));
    await refresh();
    await refresh();
    expect(markReads()).toHaveLength(1);
    // Read now at the relay, it stays «новое» for the agent who opened it.
    expect(replies[0]!.read).toBe(true);
    expect(timeline()[0]).toEqual(['incoming', 'Перезвоните мне', 'Ответ новое', '']);
  });

  it('folded, it asks the relay nothing and marks nothing read; unfolded, it loads and marks', async () => {
    // Only the poll's interval is faked: five seconds pass when the test says so.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      replies = [reply('r1', '2026-11-30T09:10:00.000Z', 'Да')];
      await open('ru');
      await eventually(() => expect(markReads()).toHaveLength(1));
      // Positive control: open, the next poll asks the relay.
      let loads = conversationLoads().length;
      vi.advanceTimersByTime(5000);
      await settle();
      expect(conversationLoads()).toHaveLength(loads + 1);

      $('conversation-toggle')!.click();
      await eventually(() => expect(rows()).toHaveLength(0));
      expect($('conversation-toggle')!.textContent).toBe('Показать');
      expect($('conversation-toggle')!.getAttribute('aria-expanded')).toBe('false');
      expect(folded).toBe(true);
      loads = conversationLoads().length;
      replies = [...replies, reply('r2', '2026-11-30T09:20:00.000Z', 'Нет')];
      vi.advanceTimersByTime(15_000);
      await settle();
      expect(conversationLoads()).toHaveLength(loads);
      expect(markReads()).toHaveLength(1);

      $('conversation-toggle')!.click();
      await eventually(() => expect(markReads()).toHaveLength(2));
      expect(folded).toBe(false);
      await eventually(() => expect(timeline().map((row) => row[1])).toEqual(['Нет', 'Да']));
    } finally {
      vi.useRealTimers();
    }
  });

  it('folded last time, a card opens folded: its unread reply is neither asked for nor marked read until the agent unfolds it', async () => {
    folded = true;
    replies = [reply('r1', '2026-11-30T09:10:00.000Z', 'Жду звонка')];
    render(h(SentFrame, { language: 'ru', crmId: CRM_ID, ticket: 'ticket-1', fold }), root);
    // The provider is asked either way: once it has answered, the frame has settled on its fold.
    await eventually(() => expect(relay.calls('GET', '/api/provider')).toHaveLength(1));
    await eventually(() => expect($('conversation-toggle')?.textContent).toBe('Показать'));
    await settle();
    expect(conversationLoads()).toHaveLength(0);
    expect(markReads()).toHaveLength(0);
    expect(replies[0]!.read).toBe(false);
    // Positive control: unfolded, the same frame loads it and marks it read.
    $('conversation-toggle')!.click();
    await eventually(() => expect(markReads()).toHaveLength(1));
    expect(timeline()).toEqual([['incoming', 'Жду звонка', 'Ответ новое', '']]);
  });

  it('more than a page: «Показать ещё» asks for the next one and shows the older entries below', async () => {
    outgoing = Array.from({ length: 25 }, (_, i) => sent(`m${i}`, `2026-11-${String(i + 1).padStart(2, '0')}T09:00:00.000Z`));
    await open('ru');
    expect(rows()).toHaveLength(20);
    expect(rows()[0]!.textContent).toContain('Сообщение m24');
    $('conversation-more')!.click();
    await eventually(() => expect(rows()).toHaveLength(25));
    expect(rows()[24]!.textContent).toContain('Сообщение m0');
    expect($('conversation-more')).toBeNull();
  });

  it('where the provider passes on no replies, it says so in the UI language', async () => {
    repliesPassedOn = false;
    outgoing = [sent('card-1', '2026-11-30T09:00:00.000Z')];
    await open('ru');
    await eventually(() => expect($('no-replies')?.textContent).toBe('Этот провайдер не передаёт ответы на СМС'));
    render(null, root);
    await open('en');
    await eventually(() => expect($('no-replies')?.textContent).toBe('This provider does not pass on replies to SMS'));
    expect($('sent-panel')!.querySelector('h3')!.textContent).toBe('Conversation');
    expect(timeline()).toEqual([['outgoing', 'Сообщение card-1', 'Delivered', '']]);
  });
});
