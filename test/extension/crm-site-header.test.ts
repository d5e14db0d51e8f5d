import { beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../extension/messaging/protocol';
import type { Sender } from '../../extension/services/background-handlers';
import { standInRelay, type RelayAnswer } from './support/stand-in-relay';

/**
 * X-CRM-Site: which CRM page a change came from, for the relay's audit log. The background names the
 * origin of the sender's tab as the browser reports it — never what the message says — and only for
 * calls made on behalf of a CRM page (a content script, an in-page frame); the popup and the options name none.
 */
const CRM = 'http://crm.example.test:8080';
const FORGED = 'https://forged.example';
const EXT = 'chrome-extension://test';

const inPageFrame = (tabUrl = `${CRM}/contacts/1?tab=sms#card`): Sender => ({ url: `${EXT}/in-page.html`, tab: { id: 7, url: tabUrl }, frameId: 3 });
const contentScript = (url = `${CRM}/contacts/1`): Sender => ({ url, tab: { id: 7, url }, frameId: 0 });
const popup: Sender = { url: `${EXT}/popup.html` };
const optionsTab: Sender = { url: `${EXT}/options.html`, tab: { id: 9, url: `${EXT}/options.html` }, frameId: 0 };

const okAnswer = (path: string): RelayAnswer => {
  if (path === '/api/messages') return { status: 201, body: { id: 'msg_1' } };
  if (path.startsWith('/api/contacts/') && !path.endsWith('/import')) return { status: 200, body: { changed: true } };
  return { status: 200, body: {} };
};

let relay: ReturnType<typeof standInRelay>;
beforeEach(() => {
  relay = standInRelay(({ path }) => okAnswer(path), inPageFrame());
});

/** The X-CRM-Site of the one request a message made (null: none sent). */
async function siteSent(envelope: Envelope, sender: Sender): Promise<string | null> {
  relay.seen.length = 0;
  await relay.handle(envelope, sender);
  expect(relay.seen, JSON.stringify(envelope)).toHaveLength(1);
  return relay.seen[0]!.headers.get('x-crm-site');
}

const send = (extra: Record<string, unknown> = {}): Envelope =>
  ({ crmSms: 'sendMessage', payload: { to: '+79123456789', text: 'Здравствуйте', contact: { crmId: 'demo:h:1', name: 'Иван' }, ...extra } }) as Envelope;
const addToStopList: Envelope = { crmSms: 'relayCall', payload: { path: ['stop-list'], method: 'post', args: { json: { phone: '+79123456789' } } } };
const consent: Envelope = {
  crmSms: 'relayCall',
  payload: { path: ['contacts', ':crmId', 'consent'], method: 'put', args: { param: { crmId: 'demo:h:1' }, json: { granted: true, source: 'agent' } } },
};
const pageImport: Envelope = { crmSms: 'bulkContacts', payload: { contacts: [{ crmId: 'demo:h:1', snapshot: { name: 'Иван', phones: [] } }] } } as Envelope;
const launch: Envelope = { crmSms: 'mailingAction', payload: { id: 'm1', action: 'launch' } };
const upsert: Envelope = { crmSms: 'upsertContact', payload: { crmId: 'demo:h:1', snapshot: { name: 'Иван', phones: [] } } } as Envelope;

describe('X-CRM-Site on the calls the background makes for a CRM page', () => {
  it.each([
    ['a send from the card', send()],
    ['«Добавить в стоп-лист» from the card', addToStopList],
    ['a consent recorded on the card', consent],
    ['a page import from the mailings drawer', pageImport],
    ['a launch from the mailings drawer', launch],
  ])('%s names the page of the frame’s tab: its origin only, no path', async (_what, envelope) => {
    expect(await siteSent(envelope, inPageFrame())).toBe(CRM);
  });

  it("a content script's card read names its own tab's page", async () => {
    expect(await siteSent(upsert, contentScript())).toBe(CRM);
  });

  it('what the message says is not listened to: a forged site in the body or in the call changes nothing', async () => {
    expect(await siteSent(send({ site: FORGED, crmSite: FORGED, 'x-crm-site': FORGED, headers: { 'x-crm-site': FORGED }, tab: { url: FORGED } }), inPageFrame())).toBe(
      CRM,
    );
    // A relay call cannot carry headers at all: refused before anything is sent.
    relay.seen.length = 0;
    const smuggled = {
      crmSms: 'relayCall',
      payload: { path: ['stop-list'], method: 'post', args: { json: { phone: '+79123456789' }, header: { 'x-crm-site': FORGED } } },
    };
    expect(await relay.handle(smuggled as Envelope, inPageFrame())).toMatchObject({ ok: false, error: { code: 'invalid_relay_call' } });
    expect(relay.seen).toHaveLength(0);
    // Nor does a query of that name become one.
    const asQuery = { crmSms: 'relayCall', payload: { path: ['stop-list'], method: 'get', args: { query: { 'x-crm-site': FORGED } } } } as Envelope;
    expect(await siteSent(asQuery, inPageFrame())).toBe(CRM);
  });

  it('the popup (no tab) and the options page (a tab of the extension) name no site; a tab that is no web page neither', async () => {
    expect(await siteSent(send(), popup)).toBeNull();
    expect(await siteSent(addToStopList, optionsTab)).toBeNull();
    expect(await siteSent(launch, popup)).toBeNull();
    expect(await siteSent(send({ site: FORGED }), popup)).toBeNull();
    expect(await siteSent(send(), inPageFrame('about:blank'))).toBeNull();
    expect(await siteSent(send(), inPageFrame('file:///home/user/crm.html'))).toBeNull();
    // Positive control: the same calls from a frame in a CRM tab do name it.
    expect(await siteSent(addToStopList, inPageFrame('https://crm.other.test/deals/9'))).toBe('https://crm.other.test');
  });

  it('each call names its own sender: two pages asking at once do not get each other’s site', async () => {
    relay.seen.length = 0;
    await Promise.all([relay.handle(send(), inPageFrame('https://a.example/1')), relay.handle(send(), inPageFrame('https://b.example/2')), relay.handle(send(), popup)]);
    expect(relay.seen.map((r) => r.headers.get('x-crm-site'))).toEqual(expect.arrayContaining(['https://a.example', 'https://b.example', null]));
    expect(relay.seen).toHaveLength(3);
  });
});
