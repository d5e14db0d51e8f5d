import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../relay/providers/provider-error';
import { createSmsAeroProvider } from '../../relay/providers/smsaero';
import { createSmsRuProvider } from '../../relay/providers/smsru';
import { startFakeHttpServer } from '../fakes/fake-http-server';
import { startFakeSmsAero, type FakeSmsAero } from '../fakes/fake-smsaero';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';

/** The adapters' stop-list methods alone: adding twice is one entry, removing what is not there is no error. */

describe("SMS.ru's stop list through the adapter", () => {
  let fake: FakeSmsRu;
  beforeAll(async () => {
    fake = await startFakeSmsRu();
  });
  afterAll(() => fake.close());
  const smsru = () => createSmsRuProvider({ baseUrl: fake.url, timeoutMs: 2000, apiId: fake.apiId });

  it('reads an empty list (SMS.ru answers [] for it), adds with a note, and reads the numbers back', async () => {
    const provider = smsru();
    expect(await provider.stopListGet!()).toEqual([]);
    await provider.stopListAdd!('79125550001', 'CRM SMS: Ответ «СТОП»');
    await provider.stopListAdd!('79125550001', 'CRM SMS: Ответ «СТОП»');
    expect(await provider.stopListGet!()).toEqual([{ phone: '79125550001', note: 'CRM SMS: Ответ «СТОП»' }]);
    const [add] = fake.calls('stoplist/add');
    expect(Object.fromEntries(add!.form)).toEqual({ api_id: fake.apiId, json: '1', stoplist_phone: '79125550001', stoplist_text: 'CRM SMS: Ответ «СТОП»' });
  });

  it('takes a number off; one SMS.ru does not list is no error, as its list shows', async () => {
    const provider = smsru();
    await provider.stopListRemove!('79125550001');
    expect(fake.stopList.has('79125550001')).toBe(false);
    const gets = fake.calls('stoplist/get').length;
    await provider.stopListRemove!('79125550001');
    expect(fake.calls('stoplist/get').length).toBe(gets + 1);
  });

  it('a refused removal of a number the list still holds is an error (positive control of the check)', async () => {
    const server = await startFakeHttpServer((request) =>
      request.path === '/stoplist/get'
        ? { body: { status: 'OK', status_code: 100, stoplist: { '79125550002': 'x' } } }
        : { body: { status: 'ERROR', status_code: 202, status_text: 'Неправильно указан номер' } },
    );
    try {
      const provider = createSmsRuProvider({ baseUrl: server.url, timeoutMs: 2000, apiId: 'API-ID-FOR-CHECK' });
      const error = await provider.stopListRemove!('79125550002').then(
        () => expect.unreachable('resolved'),
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ code: 'invalid_number', providerCode: '202' });
    } finally {
      await server.close();
    }
  });
});

describe("SMS Aero's black list through the adapter", () => {
  let fake: FakeSmsAero;
  beforeAll(async () => {
    fake = await startFakeSmsAero({ email: 'shop@example.com', apiKey: 'aero-key-for-adapter-test-000000' });
  });
  afterAll(() => fake.close());
  const aero = () => createSmsAeroProvider({ baseUrl: fake.url, timeoutMs: 2000, email: 'shop@example.com', apiKey: 'aero-key-for-adapter-test-000000' });
  const deletes = () => fake.requests.filter((r) => r.path === '/v2/blacklist/delete').length;

  it('adds a number once however often it is asked, lists it, and deletes its entry by id', async () => {
    const provider = aero();
    await provider.stopListAdd!('79125550003', 'ignored: SMS Aero keeps no note');
    await provider.stopListAdd!('79125550003', 'again');
    expect(fake.blacklist()).toEqual(['79125550003']);
    expect(await provider.stopListGet!()).toEqual([{ phone: '79125550003' }]);
    await provider.stopListRemove!('79125550003');
    expect(fake.blacklist()).toEqual([]);
    expect(deletes()).toBe(1);
    // Not listed: nothing to delete, and no error.
    await provider.stopListRemove!('79125550003');
    expect(deletes()).toBe(1);
  });
});
