// @vitest-environment node
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailingHandlers } from '../../extension/services/mailing-handlers';
import { createRelayClient } from '../../extension/services/relay-client';

/** A stand-in relay on 127.0.0.1 that records each request and answers what the test queued for its path. */
interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: unknown;
}
let server: Server;
let base: string;
const seen: Seen[] = [];
const answers = new Map<string, { status: number; body: string; type?: string }>();

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await readBody(req);
    seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body: text ? JSON.parse(text) : undefined });
    const answer = answers.get(`${req.method} ${req.url}`) ?? { status: 200, body: '{}' };
    res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The background's mailing handlers (background-handlers.ts spreads them) over the real relay client. */
const handlers = () => createMailingHandlers(createRelayClient(async () => ({ relayUrl: base, token: 'crmsms_test' })));

async function last<T>(run: () => Promise<T>): Promise<{ result: T; request: Seen }> {
  seen.length = 0;
  const result = await run();
  return { result, request: seen.at(-1)! };
}

describe('the background asks the relay for the popup (what goes over the wire)', () => {
  it.each([
    ['listMailings', {}, 'GET', '/api/mailings', undefined],
    ['getMailing', { id: 'm 1' }, 'GET', '/api/mailings/m%201', undefined],
    [
      'createMailing',
      { name: 'A', launchType: 'instant', text: 'Hi {{contact.firstName}}' },
      'POST',
      '/api/mailings',
      { name: 'A', launchType: 'instant', text: 'Hi {{contact.firstName}}' },
    ],
    ['updateMailing', { id: 'm1', patch: { startAt: null, launchType: 'instant' } }, 'PATCH', '/api/mailings/m1', { startAt: null, launchType: 'instant' }],
    ['deleteMailing', { id: 'm1' }, 'DELETE', '/api/mailings/m1', undefined],
    ['setAudience', { id: 'm1', audience: { contacts: ['demo:h:1'], groups: ['g1'] } }, 'PUT', '/api/mailings/m1/audience', { contacts: ['demo:h:1'], groups: ['g1'] }],
    ['preflight', { id: 'm1' }, 'GET', '/api/mailings/m1/preflight', undefined],
    ['preview', { id: 'm1', contactId: 'demo:h:1' }, 'POST', '/api/mailings/m1/preview', { contactId: 'demo:h:1' }],
    ['mailingAction', { id: 'm1', action: 'launch' }, 'POST', '/api/mailings/m1/launch', undefined],
    ['mailingAction', { id: 'm1', action: 'retry' }, 'POST', '/api/mailings/m1/retry', undefined],
    ['mailingStats', { id: 'm1' }, 'GET', '/api/mailings/m1/stats', undefined],
    ['resolveUnknown', { id: 'm 1' }, 'POST', '/api/mailings/m%201/resolve-unknown', undefined],
    ['mailingRecipients', { id: 'm1', status: 'failed', offset: 0, limit: 50 }, 'GET', '/api/mailings/m1/recipients?status=failed&offset=0&limit=50', undefined],
    ['mailingRecipients', { id: 'm1' }, 'GET', '/api/mailings/m1/recipients', undefined],
    ['listGroups', {}, 'GET', '/api/groups', undefined],
    [
      'createGroup',
      { name: 'Ромашка', kind: 'dynamic', filter: { combinator: 'and', rules: [{ field: 'account', op: 'eq', value: 'Ромашка' }] } },
      'POST',
      '/api/groups',
      { name: 'Ромашка', kind: 'dynamic', filter: { combinator: 'and', rules: [{ field: 'account', op: 'eq', value: 'Ромашка' }] } },
    ],
    ['updateGroup', { id: 'g1', patch: { name: 'B' } }, 'PATCH', '/api/groups/g1', { name: 'B' }],
    ['deleteGroup', { id: 'g1' }, 'DELETE', '/api/groups/g1', undefined],
    ['groupCount', { id: 'g1' }, 'GET', '/api/groups/g1/count', undefined],
    ['countFilter', { filter: { combinator: 'or', rules: [] } }, 'POST', '/api/groups/count', { filter: { combinator: 'or', rules: [] } }],
    ['listMacros', {}, 'GET', '/api/macros', undefined],
    ['searchContacts', { q: 'Ром ашка' }, 'GET', '/api/contacts?q=%D0%A0%D0%BE%D0%BC%20%D0%B0%D1%88%D0%BA%D0%B0', undefined],
    ['getContact', { crmId: 'demo:127.0.0.1:8787:1' }, 'GET', '/api/contacts/demo%3A127.0.0.1%3A8787%3A1', undefined],
    [
      'bulkContacts',
      { contacts: [{ crmId: 'demo:h:1', snapshot: { name: 'X' } }] },
      'POST',
      '/api/contacts/bulk',
      { contacts: [{ crmId: 'demo:h:1', snapshot: { name: 'X' } }] },
    ],
  ] as const)('%s → %s %s', async (type, payload, method, url, body) => {
    const { request } = await last(() => (handlers()[type] as (p: unknown) => Promise<unknown>)(payload));
    expect(request).toEqual({ method, url, auth: 'Bearer crmsms_test', body });
  });

  it('unwraps the list answers', async () => {
    answers.set('GET /api/mailings', { status: 200, body: JSON.stringify({ mailings: [{ id: 'm1' }] }) });
    answers.set('GET /api/macros', {
      status: 200,
      body: JSON.stringify({ macros: [{ path: 'contact.name', label: { ru: 'ФИО', en: 'Full name' }, group: 'contact' }] }),
    });
    expect(await handlers().listMailings({})).toEqual({ ok: true, value: [{ id: 'm1' }] });
    expect(await handlers().listMacros({})).toMatchObject({ ok: true, value: [{ path: 'contact.name' }] });
  });

  it('DELETE answered 204 with no body is a success', async () => {
    answers.set('DELETE /api/mailings/gone', { status: 204, body: '' });
    expect(await handlers().deleteMailing({ id: 'gone' })).toEqual({ ok: true, value: null });
  });

  it("the CSV export comes back as the text the relay sent, not parsed, in the UI's language and time zone", async () => {
    const csv = "\uFEFFID контакта;ФИО;Номер;Статус\r\ndemo:h:1;Иван Петров;'+7 912 345 67 89;Доставлено\r\n";
    answers.set('GET /api/mailings/m1/recipients.csv?lang=ru&tz=Europe%2FMoscow', { status: 200, body: csv, type: 'text/csv; charset=utf-8' });
    const result = await handlers().mailingCsv({ id: 'm1', language: 'ru', timeZone: 'Europe/Moscow' });
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.replace(/^\uFEFF/, '')).toBe(csv.slice(1));
  });

  it('a refusal keeps its code, both languages and the field (shown next to the field)', async () => {
    answers.set('POST /api/mailings', {
      status: 400,
      body: JSON.stringify({
        error: { code: 'invalid_request', message: 'Field "startAt": must be in the future', messageRu: 'Дата начала должна быть в будущем', field: 'startAt' },
      }),
    });
    expect(await handlers().createMailing({ name: 'A', launchType: 'deferred', startAt: '2020-01-01T00:00:00Z', text: '' })).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'Field "startAt": must be in the future', messageRu: 'Дата начала должна быть в будущем', field: 'startAt' },
    });
    answers.set('POST /api/mailings/m1/launch', { status: 422, body: JSON.stringify({ error: { code: 'budget_exceeded', message: 'Over the budget cap' } }) });
    expect(await handlers().mailingAction({ id: 'm1', action: 'launch' })).toMatchObject({
      ok: false,
      error: { code: 'budget_exceeded', messageRu: 'Over the budget cap' },
    });
  });

  it('routes the relay does not have yet say so instead of failing silently', async () => {
    answers.set('GET /api/macros', { status: 404, body: JSON.stringify({ error: { code: 'not_found', message: 'No route GET /api/macros' } }) });
    expect(await handlers().listMacros({})).toMatchObject({ ok: false, error: { code: 'not_found', message: 'No route GET /api/macros' } });
  });
});
