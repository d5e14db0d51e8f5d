import { vi } from 'vitest';
import type { Envelope } from '../../../extension/messaging/protocol';
import { createBackgroundHandlers, type Sender } from '../../../extension/services/background-handlers';
import { createFrameTickets, type TicketRecord, type TicketStore } from '../../../extension/services/frame-tickets';
import { createRelayClient } from '../../../extension/services/relay-client';
import { createCrmUsers } from '../../../extension/settings/crm-users';
import { DEFAULT_SETTINGS } from '../../../extension/settings/settings';

/** One request as the stand-in relay got it. */
export interface RelayRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  headers: Headers;
}

export type RelayAnswer = { status: number; body: unknown } | { status: number; text: string; type: string };

export const refusal = (status: number, code: string, message: string, messageRu: string): RelayAnswer => ({
  status,
  body: { error: { code, message, messageRu } },
});

const memoryTickets = (): TicketStore => {
  const map = new Map<string, TicketRecord>();
  return {
    get: async (k) => map.get(k) ?? null,
    set: async (k, v) => void map.set(k, v),
    remove: async (ks) => ks.forEach((k) => map.delete(k)),
    all: async () => [...map],
  };
};

/**
 * The background's real handlers and relay client over a stand-in relay (fetch): an extension page's
 * messages (browser.runtime.sendMessage, which the test file mocks to `handle`) go through them, and
 * every request that reaches "the relay" is kept in `seen` and answered by `answer`.
 */
export function standInRelay(answer: (request: RelayRequest) => RelayAnswer, sender: Sender) {
  const seen: RelayRequest[] = [];
  const handlers = createBackgroundHandlers({
    relay: createRelayClient(async () => ({ relayUrl: 'http://relay.test', token: 'crmsms_test' })),
    settings: async () => DEFAULT_SETTINGS,
    uiLanguage: () => 'ru',
    tickets: createFrameTickets({ store: memoryTickets() }),
    crmUsers: createCrmUsers({ load: async () => ({}), save: async () => undefined }),
  }) as unknown as Record<string, (payload: unknown, sender: Sender) => Promise<unknown>>;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const parsed = new URL(url);
    const request: RelayRequest = {
      method: init.method ?? 'GET',
      path: parsed.pathname,
      query: parsed.searchParams,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers: new Headers(init.headers),
    };
    seen.push(request);
    const out = answer(request);
    return 'text' in out
      ? new Response(out.text, { status: out.status, headers: { 'content-type': out.type } })
      : new Response(JSON.stringify(out.body), { status: out.status, headers: { 'content-type': 'application/json' } });
  });
  return {
    seen,
    /** The background's answer to a message from `sender` (or, given, another one). */
    handle: (envelope: Envelope, from: Sender = sender) => handlers[envelope.crmSms]!(envelope.payload, from),
    /** The requests of one method and path. */
    calls: (method: string, path: string) => seen.filter((s) => s.method === method && s.path === path),
  };
}
