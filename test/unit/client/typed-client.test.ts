import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Result } from '../../../extension/messaging/protocol';
import { createRelayApi, type RelayCallRequest } from '../../../extension/messaging/relay-api';
import { createRelayClient } from '../../../extension/services/relay-client';
import type { ContactView } from '../../../shared/api';
import type { GroupView } from '../../../shared/groups';
import type { MailingStats, MailingView } from '../../../shared/mailings';
import { closedPortUrl } from '../../support/closed-port';
import { startTestRelay, type TestRelay } from '../../support/relay-harness';

/**
 * The background's relay client is hono's typed client over the relay's own routes: what it sends and
 * what it reads are the routes' types, checked by the compiler (expectTypeOf), and the answers are a real
 * relay's on 127.0.0.1 (the Result/UiError contract as before).
 */
let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay({ DEMO_CRM: 'false' }, { scheduler: false });
});
afterAll(() => relay.dispose());

const clientAs = (role: 'agent' | 'marketer' | 'admin' = 'marketer') => createRelayClient(async () => ({ relayUrl: relay.url, token: relay.tokens[role] }));

describe('the typed client against a relay', () => {
  it('types each answer from its route', () => {
    const client = clientAs();
    expectTypeOf(client.listGroups).returns.resolves.toEqualTypeOf<Result<GroupView[]>>();
    expectTypeOf(client.searchContacts).returns.resolves.toEqualTypeOf<Result<ContactView[]>>();
    expectTypeOf(client.deleteMailing).returns.resolves.toEqualTypeOf<Result<null>>();
    expectTypeOf<Extract<Awaited<ReturnType<typeof client.getMailing>>, { ok: true }>['value']>().toExtend<MailingView>();
    expectTypeOf<Extract<Awaited<ReturnType<typeof client.mailingStats>>, { ok: true }>['value']>().toExtend<MailingStats>();
    // A body the route's validator would refuse does not compile.
    // @ts-expect-error a group's name is text
    void (() => client.createGroup({ name: 1, kind: 'static' }));
  });

  it("creates, reads, changes and counts a group: the relay's own answers", async () => {
    const client = clientAs();
    const created = await client.createGroup({ name: 'Клиенты', kind: 'static', contacts: ['demo:h:1'] });
    expect(created).toMatchObject({ ok: true, value: { name: 'Клиенты', kind: 'static', contacts: ['demo:h:1'], filter: null } });
    const id = created.ok ? created.value.id : '';
    expect(await client.updateGroup(id, { name: 'Постоянные' })).toMatchObject({ ok: true, value: { id, name: 'Постоянные' } });
    expect(await client.groupCount(id)).toEqual({ ok: true, value: { count: 0 } });
    expect(await client.listGroups()).toMatchObject({ ok: true, value: [{ id, name: 'Постоянные' }] });
    expect(await client.deleteGroup(id)).toEqual({ ok: true, value: null });
  });

  it("a refusal keeps the relay's code, words and field", async () => {
    const refused = await clientAs().createGroup({ name: 'Без фильтра', kind: 'dynamic' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'Field "filter": a dynamic group needs a filter',
        messageRu: 'Field "filter": a dynamic group needs a filter',
        field: 'filter',
      },
    });
    const forbidden = await clientAs('agent').listGroups();
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden', messageRu: 'Недостаточно прав для этого действия' } });
  });

  it('no token and no relay answer as they always did', async () => {
    const noToken = createRelayClient(async () => ({ relayUrl: relay.url, token: '' }));
    expect(await noToken.listMailings()).toEqual({
      ok: false,
      error: {
        code: 'no_token',
        message: 'No access token: paste yours in the extension options',
        messageRu: 'Не указан токен доступа: укажите его в настройках расширения',
      },
    });
    const closed = await closedPortUrl();
    const gone = await createRelayClient(async () => ({ relayUrl: closed, token: 't' })).listMailings();
    expect(gone).toMatchObject({ ok: false, error: { code: 'relay_unreachable', message: expect.stringContaining('(connection failed)') } });
  });

  it('a relay that does not answer in time is unreachable "no answer in time"', async () => {
    const hanging: typeof fetch = (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const slow = createRelayClient(async () => ({ relayUrl: 'http://relay.test', token: 't' }), { timeoutMs: 5, fetch: hanging });
    expect(await slow.balance()).toMatchObject({ ok: false, error: { code: 'relay_unreachable', messageRu: expect.stringContaining('(нет ответа вовремя)') } });
  });
});

describe('any route from an extension page, with no message or method written for it', () => {
  it('the page names the call by its path in the client; the background makes it and answers a typed Result', async () => {
    const client = clientAs();
    const sent: RelayCallRequest[] = [];
    const api = createRelayApi((request) => (sent.push(request), client.call(request)));
    const created = await api.mailings.$post({ json: { name: 'Весна', launchType: 'instant', text: 'Здравствуйте!' } });
    expect(created).toMatchObject({ ok: true, value: { name: 'Весна', status: 'draft' } });
    const id = created.ok ? created.value.id : '';
    const stats = await api.mailings[':id'].stats.$get({ param: { id } });
    expectTypeOf(stats).toExtend<Result<MailingStats>>();
    expect(stats).toMatchObject({ ok: true, value: { status: 'draft' } });
    expect(sent.at(-1)).toEqual({ path: ['mailings', ':id', 'stats'], method: 'get', args: { param: { id } } });
    expect(await api.mailings[':id'].$get({ param: { id: 'no such' } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('path parameters are encoded as the named methods encode them', async () => {
    const urls: string[] = [];
    const recording: typeof fetch = async (input) => (urls.push(String(input)), new Response('{}', { headers: { 'content-type': 'application/json' } }));
    const client = createRelayClient(async () => ({ relayUrl: 'http://relay.test/', token: 't' }), { fetch: recording });
    await client.call({ path: ['mailings', ':id', 'stats'], method: 'get', args: { param: { id: 'm 1/2' } } });
    await client.mailingStats('m 1/2');
    expect(urls).toEqual(['http://relay.test/api/mailings/m%201%2F2/stats', 'http://relay.test/api/mailings/m%201%2F2/stats']);
  });

  it('refuses what is not a route: a path that climbs out of /api, an unknown method', async () => {
    const client = clientAs();
    for (const request of [
      { path: ['..', 'callbacks'], method: 'post' },
      { path: [], method: 'get' },
      { path: ['mailings'], method: 'head' },
    ] as RelayCallRequest[]) {
      expect(await client.call(request)).toMatchObject({ ok: false, error: { code: 'invalid_relay_call' } });
    }
  });

  it('passes on only path parameters, a query and a JSON body: a page cannot set headers (the token), cookies or a form', async () => {
    const sent: Request[] = [];
    const recording: typeof fetch = async (input, init) => (sent.push(new Request(input, init)), new Response('{}', { headers: { 'content-type': 'application/json' } }));
    const client = createRelayClient(async () => ({ relayUrl: 'http://relay.test/', token: 't' }), { fetch: recording });
    const smuggled = [{ header: { authorization: 'Bearer stolen' } }, { cookie: { session: 'x' } }, { form: { a: '1' } }, 'param', ['json']];
    for (const args of smuggled) {
      expect(await client.call({ path: ['groups'], method: 'get', args } as unknown as RelayCallRequest)).toMatchObject({
        ok: false,
        error: { code: 'invalid_relay_call' },
      });
    }
    expect(sent).toHaveLength(0);
    // Positive control: the same call with a query goes, with the background's own token.
    expect(await client.call({ path: ['groups'], method: 'get', args: { query: { q: 'a' } } } as unknown as RelayCallRequest)).toMatchObject({ ok: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.get('authorization')).toBe('Bearer t');
  });
});
