import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contactSnapshotSchema, crmIdSchema } from '../../shared/api';
import { answerReadListPage } from '../../extension/content/list-page-responder';
import { ADAPTERS } from '../../extension/crm/adapters';
import { creatioClassicAdapter } from '../../extension/crm/adapters/creatio-classic';
import { demoAdapter } from '../../extension/crm/adapters/demo';
import { detectListPage, readListPage } from '../../extension/crm/read-list';
import { crmIdOf } from '../../extension/crm/read-contact';
import { REPO_DIR, closePages, fixtureHtml, load, loadPage, type LoadedPage } from './load-page';

afterAll(closePages);

const CLASSIC_LIST_URL = 'https://crm.example.com/0/Nui/ViewModule.aspx#SectionModuleV2/ContactSectionV2/';
const read = (page: LoadedPage) => {
  const adapter = detectListPage(ADAPTERS, page.url, page.document);
  return adapter ? readListPage(adapter, page.document, page.url) : null;
};

describe('«Добавить контакты с этой страницы»: the demo CRM list', () => {
  it('reads every row: record id as the card would name it, name, mobile, account, city, owner', () => {
    const page = load('demoContactList');
    expect(detectListPage(ADAPTERS, page.url, page.document)).toBe(demoAdapter);
    const contacts = read(page)!;
    expect(contacts.map((c) => c.crmId)).toEqual(['1', '2', '3', '4', '5'].map((id) => `demo:127.0.0.1:8787:${id}`));
    expect(contacts[0]!.snapshot).toEqual({
      name: 'Иван Петров',
      phones: [{ number: '+7 912 345-67-89', type: 'mobile' }],
      doNotUseSms: null,
      account: 'Ромашка',
      city: 'Казань',
      owner: 'Анна Администратова',
      source: { adapter: 'demo', origin: 'http://127.0.0.1:8787', url: 'http://127.0.0.1:8787/demo/#/contacts' },
    });
    // Ольга has no mobile: no phone, not a made-up one; the O'Brien account keeps its ampersand.
    expect(contacts[2]!.snapshot.phones).toEqual([]);
    expect(contacts[4]!.snapshot).toMatchObject({ name: "Patrick O'Brien", account: "O'Brien & Co" });
  });

  it('a list says nothing of «Не использовать SMS»: the flag is unknown (null), never false', () => {
    const contacts = read(load('demoContactList'))!;
    expect(contacts.every((c) => c.snapshot.doNotUseSms === null)).toBe(true);
  });

  it('what it reads is what the relay accepts', () => {
    for (const { crmId, snapshot } of read(load('demoContactList'))!) {
      expect(crmIdSchema.safeParse(crmId).success).toBe(true);
      expect(contactSnapshotSchema.safeParse(snapshot).success).toBe(true);
    }
  });

  it('a row and the card of the same record get the same crmId (one directory entry, not two)', async () => {
    const card = load('demoContact');
    const contact = (await card.read())!;
    const row = read(load('demoContactList'))!.find((c) => c.snapshot.name === 'Иван Петров')!;
    expect(row.crmId).toBe(crmIdOf(contact, card.url));
  });

  it('reads the list the real demo page renders (its script running)', async () => {
    const html = readFileSync(join(REPO_DIR, 'relay', 'demo', 'demo-crm.html'), 'utf8');
    const page = loadPage(html, 'http://127.0.0.1:8787/demo/#/contacts', { scripts: true });
    await page.window.happyDOM.waitUntilComplete();
    const contacts = read(page)!;
    expect(contacts).toHaveLength(5);
    expect(contacts[1]!.snapshot).toMatchObject({ name: 'Мария Сидорова', phones: [{ number: '8 912 000 11 22', type: 'mobile' }], account: 'Ромашка' });
  });
});

describe('«Добавить контакты с этой страницы»: the Creatio Classic contacts grid (inferred structure)', () => {
  it('maps cells to fields by the header captions, whatever the column order', () => {
    const page = loadPage(fixtureHtml('mailings-creatio-classic-list.html'), CLASSIC_LIST_URL);
    expect(detectListPage(ADAPTERS, page.url, page.document)).toBe(creatioClassicAdapter);
    const contacts = read(page)!;
    expect(contacts.map((c) => c.crmId)).toEqual([
      'creatio:crm.example.com:5c3b8f4e-6b1a-4d0e-9f2a-1b7c3d9e0a42',
      'creatio:crm.example.com:3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a',
      'creatio:crm.example.com:7a1e2f3c-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
    ]);
    expect(contacts[0]!.snapshot).toMatchObject({
      name: 'Петров Иван Сергеевич',
      phones: [{ number: '+7 912 345-67-89', type: 'mobile' }],
      account: 'ООО «Ромашка»',
      city: 'Казань',
      owner: 'Анна Администратова',
      doNotUseSms: null,
    });
    expect(contacts[1]!.snapshot.phones).toEqual([{ number: '8 912 000 11 22', type: 'mobile' }]);
    // A row without a link to the card still has its GUID in the row id.
    expect(contacts[2]!.snapshot).toMatchObject({ name: 'Кузнецова Ольга', phones: [], account: 'Лютик' });
  });

  it('a grid without captions still gives names (the card link) and numbers (the cell that looks like one)', () => {
    const contacts = read(load('classicContactList'))!;
    expect(contacts.map((c) => [c.snapshot.name, c.snapshot.phones])).toEqual([
      ['Петров Иван Сергеевич', [{ number: '+7 912 345-67-89', type: 'mobile' }]],
      ['Сидорова Мария', [{ number: '+7 912 000-11-22', type: 'mobile' }]],
    ]);
    expect(contacts[0]!.crmId).toBe('creatio:crm.example.com:5c3b8f4e-6b1a-4d0e-9f2a-1b7c3d9e0a42');
  });

  it('the crmId of a row is the one the contact card gets', async () => {
    const card = load('classicContact');
    const contact = (await card.read())!;
    const rows = read(load('classicContactList'))!;
    expect(rows.map((r) => r.crmId)).toContain(crmIdOf(contact, card.url));
  });
});

describe('pages that are not contact lists', () => {
  it.each([
    ['a demo CRM contact card', 'demoContact'],
    ['a Creatio Classic contact card', 'classicContact'],
    ['a Creatio Classic account card', 'classicAccount'],
    ['a Creatio look-alike with one marker', 'oneMarkerLookalike'],
    ['a page with tel: links', 'telLinks'],
  ] as const)('%s: no list, and the popup is told so in words', (_, name) => {
    const page = load(name);
    expect(detectListPage(ADAPTERS, page.url, page.document)).toBeNull();
    const answer = answerReadListPage(page.document, page.url);
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_a_list_page', messageRu: 'На этой вкладке нет списка контактов CRM' } });
  });

  it('a Creatio list URL on a page without Creatio markers is not read', () => {
    const page = loadPage(
      '<html><body><div id="ContactSectionV2DataGridGrid"><div class="grid-listed-row"><a href="#CardModuleV2/ContactPageV2/edit/5c3b8f4e-6b1a-4d0e-9f2a-1b7c3d9e0a42">X Y</a></div></div></body></html>',
      CLASSIC_LIST_URL,
    );
    expect(detectListPage(ADAPTERS, page.url, page.document)).toBeNull();
  });

  it('the demo list answers the popup with the adapter and the rows', () => {
    const page = load('demoContactList');
    const answer = answerReadListPage(page.document, page.url);
    expect(answer.ok && answer.value.adapter).toBe('demo');
    expect(answer.ok && answer.value.contacts).toHaveLength(5);
  });
});
