// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../extension/messaging/protocol';
import { createBackgroundHandlers, type Sender } from '../../extension/services/background-handlers';
import { createFrameTickets } from '../../extension/services/frame-tickets';
import { createRelayClient } from '../../extension/services/relay-client';
import { createCrmUsers } from '../../extension/settings/crm-users';
import { DEFAULT_SETTINGS } from '../../extension/settings/settings';
import type { AuditEntry } from '../../shared/audit';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

/**
 * From the card to the audit log: the background's real handlers and relay client against a real relay
 * on 127.0.0.1. What the relay's log (GET /api/audit) says a change came from is the CRM page of the
 * sender's tab; a site the message itself names never gets there; the popup's changes name none.
 */
const CRM = 'http://crm.example.test:8080';
const FORGED = 'https://forged.example';
const EXT = 'chrome-extension://test';

let relay: TestRelay;
let handle: (envelope: Envelope, sender: Sender) => Promise<unknown>;

beforeAll(async () => {
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_FAIL_RATE: '0' }, { scheduler: false });
  const target = { relayUrl: relay.url, token: relay.tokens.marketer };
  const handlers = createBackgroundHandlers({
    relay: createRelayClient(async () => target),
    settings: async () => ({ ...DEFAULT_SETTINGS, ...target }),
    uiLanguage: () => 'ru',
    tickets: createFrameTickets({ store: { get: async () => null, set: async () => undefined, remove: async () => undefined, all: async () => [] } }),
    crmUsers: createCrmUsers({ load: async () => ({}), save: async () => undefined }),
  }) as unknown as Record<string, (payload: unknown, sender: Sender) => Promise<unknown>>;
  handle = (envelope, sender) => handlers[envelope.crmSms]!(envelope.payload, sender);
});
afterAll(() => relay?.dispose());

const inPageFrame: Sender = { url: `${EXT}/in-page.html`, tab: { id: 7, url: `${CRM}/contacts/1#card` }, frameId: 3 };
const popup: Sender = { url: `${EXT}/popup.html` };

const auditEntries = async (): Promise<AuditEntry[]> => {
  const { status, body } = await relay.call('GET', '/api/audit?limit=1000', { role: 'admin' });
  expect(status).toBe(200);
  return body.entries;
};

describe('the audit log names the CRM page a change came from', () => {
  it('a send and a stop-list entry from the card, a CSV import from the drawer: the tab’s site; the popup’s send: none', async () => {
    const send = (to: string, extra: Record<string, unknown> = {}): Envelope => ({ crmSms: 'sendMessage', payload: { to, text: 'Здравствуйте', ...extra } }) as Envelope;
    expect(await handle(send('+79123450001'), inPageFrame)).toMatchObject({ ok: true });
    expect(await handle(send('+79123450002'), popup)).toMatchObject({ ok: true });
    const stop: Envelope = { crmSms: 'relayCall', payload: { path: ['stop-list'], method: 'post', args: { json: { phone: '+79123450003', reason: 'по телефону' } } } };
    expect(await handle(stop, inPageFrame)).toMatchObject({ ok: true });
    const csv: Envelope = { crmSms: 'importContactsCsv', payload: { importId: 'i1', csv: 'ФИО;Телефон\nИван Петров;+7 912 345-00-04\n', dryRun: false } };
    expect(await handle(csv, inPageFrame)).toMatchObject({ ok: true, value: { created: 1 } });
    // A forged site in the body: the relay refuses the unknown field, and its log still names the real page.
    expect(await handle(send('+79123450005', { site: FORGED }), inPageFrame)).toMatchObject({ ok: false });

    const entries = await auditEntries();
    const sites = (action: string) => entries.filter((e) => e.action === action).map((e) => [e.target.phone ?? e.status, e.site]);
    expect(entries.filter((e) => e.action === 'POST /api/messages').map((e) => [e.status, e.site])).toEqual([
      [400, CRM],
      [201, null],
      [201, CRM],
    ]);
    expect(sites('POST /api/stop-list')).toEqual([['79123450003', CRM]]);
    expect(entries.filter((e) => e.action === 'POST /api/contacts/import').map((e) => e.site)).toEqual([CRM]);
    expect(entries.some((e) => e.site === FORGED)).toBe(false);
  });
});
