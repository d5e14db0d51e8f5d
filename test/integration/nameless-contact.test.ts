import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

/**
 * A CRM card whose name the extension could not read is still a contact: the relay stores it under its crmId,
 * finds it, sends to it, and puts it in a mailing. A nameless read never wipes a name the directory knows.
 */
let relay: TestRelay;
// A fresh relay per test: each test stores the contacts and sends the messages it looks at, and sees no other's.
beforeEach(async () => {
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_DELIVERED_AFTER_MS: '0', SANDBOX_FAIL_RATE: '0', MAILING_RATE_PER_SECOND: '0' });
});
afterEach(() => relay.dispose());

const CRM_ID = 'creatio:crm.example.com:9b2f6d1a-3c4e-4f5a-8b7c-0d1e2f3a4b5c';
/** What the extension's toSnapshot sends for a card read without a name. */
const nameless = {
  name: '',
  phones: [{ number: '+7 912 345-67-89', type: 'other' }],
  doNotUseSms: null,
  source: {
    adapter: 'creatio',
    origin: 'https://crm.example.com',
    url: 'https://crm.example.com/0/Shell/#Card/Contacts_FormPage/edit/9b2f6d1a-3c4e-4f5a-8b7c-0d1e2f3a4b5c',
  },
};

/** Stores the nameless card as the extension does when it opens it. */
async function storeNameless() {
  const put = await relay.call('PUT', `/api/contacts/${CRM_ID}`, { body: nameless });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
}

async function waitForStatus(id: string, wanted: string) {
  await expect.poll(async () => (await relay.call('GET', `/api/mailings/${id}`, { role: 'marketer' })).body.status, { timeout: 15_000, interval: 20 }).toBe(wanted);
}

describe('a contact without a name', () => {
  it('is stored from a snapshot with an empty or an absent name, and found by its number', async () => {
    const put = await relay.call('PUT', `/api/contacts/${CRM_ID}`, { body: nameless });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body.contact).toMatchObject({ crmId: CRM_ID, name: '', phones: [{ digits: '79123456789' }] });
    const absent = await relay.call('PUT', '/api/contacts/bitrix24:b24.example.com:12', { body: { phones: [{ number: '+7 912 000-11-22' }] } });
    expect(absent.status, JSON.stringify(absent.body)).toBe(201);
    expect(absent.body.contact.name).toBe('');

    const found = await relay.call('GET', '/api/contacts?q=345-67');
    expect(found.body.contacts.map((c: { crmId: string }) => c.crmId)).toEqual([CRM_ID]);
    expect((await relay.call('GET', `/api/contacts/${CRM_ID}`)).body.name).toBe('');
  });

  it('gets an SMS from its card, listed under its crmId', async () => {
    await storeNameless();
    const sent = await relay.call('POST', '/api/messages', { body: { to: '+7 912 345-67-89', text: 'Здравствуйте', contact: { crmId: CRM_ID } } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ contact: { crmId: CRM_ID, name: null }, phone: '79123456789', status: 'queued' });
    const listed = await relay.call('GET', `/api/messages?contactId=${encodeURIComponent(CRM_ID)}`);
    expect(listed.body.messages.map((m: { id: string }) => m.id)).toEqual([sent.body.id]);
  });

  it('is reached by a mailing, its name macro left to its default', async () => {
    await storeNameless();
    const mailing = await relay.call('POST', '/api/mailings', {
      role: 'marketer',
      body: { name: 'Без имени', launchType: 'instant', text: 'Здравствуйте, {{default contact.name "клиент"}}!' },
    });
    expect(mailing.status, JSON.stringify(mailing.body)).toBe(201);
    await relay.call('PUT', `/api/mailings/${mailing.body.id}/audience`, { role: 'marketer', body: { contacts: [CRM_ID], groups: [] } });
    const launched = await relay.call('POST', `/api/mailings/${mailing.body.id}/launch`, { role: 'marketer' });
    expect(launched.status, JSON.stringify(launched.body)).toBe(200);
    await waitForStatus(mailing.body.id, 'finished');
    const outbox = await relay.call('GET', '/api/provider/outbox', { role: 'admin' });
    expect(outbox.body.messages.at(-1)).toMatchObject({ to: '79123456789', text: 'Здравствуйте, клиент!' });
  });

  it('a nameless read of a contact the directory knows keeps the name; a named read changes it', async () => {
    const id = 'demo:127.0.0.1:8787:1';
    await relay.call('PUT', `/api/contacts/${id}`, { body: { ...nameless, name: 'Иван Петров' } });
    const again = await relay.call('PUT', `/api/contacts/${id}`, { body: { ...nameless, phones: [{ number: '+7 912 345-67-80' }] } });
    expect(again.body.contact).toMatchObject({ name: 'Иван Петров', phones: [{ number: '+7 912 345-67-80' }] });
    const renamed = await relay.call('PUT', `/api/contacts/${id}`, { body: { ...nameless, name: 'Иван Петрович' } });
    expect(renamed.body.contact.name).toBe('Иван Петрович');
    // The same for a list page's rows.
    const bulk = await relay.call('POST', '/api/contacts/bulk', {
      role: 'marketer',
      body: { contacts: [{ crmId: id, snapshot: { phones: [{ number: '+7 912 345-67-80' }] } }] },
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    expect((await relay.call('GET', `/api/contacts/${id}`)).body.name).toBe('Иван Петрович');
  });

  it('a name that is not a string is still refused in words', async () => {
    const { status, body } = await relay.call('PUT', '/api/contacts/demo:44', { body: { name: 42, phones: [] } });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^Field "name": /);
    expect((await relay.call('GET', '/api/contacts/demo:44')).status).toBe(404);
  });
});
