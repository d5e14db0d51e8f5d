import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contactSnapshotSchema, crmIdSchema } from '../../shared/api';
import { demoAdapter } from '../../extension/crm/adapters/demo';
import { findAnchor } from '../../extension/crm/detect';
import { crmIdOf, missingFields, toSnapshot } from '../../extension/crm/read-contact';
import { PAGES, REPO_DIR, closePages, expectSource, fixtureHtml, load, loadPage } from './load-page';

const DEMO_HTML = readFileSync(join(REPO_DIR, 'relay', 'demo', 'demo-crm.html'), 'utf8');
const normalise = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();

/** The real demo CRM page with its script running, at `hash`. */
async function liveDemo(hash: string) {
  const page = loadPage(DEMO_HTML, `http://127.0.0.1:8787/demo/${hash}`, { scripts: true });
  await page.window.happyDOM.waitUntilComplete();
  return page;
}

afterAll(closePages);

describe('demo CRM contact card', () => {
  it('the fixture is exactly what the demo script renders for contact 1 and for the list', async () => {
    for (const [fixture, hash] of [
      ['demo-contact.html', '#/contacts/1'],
      ['demo-contact-list.html', '#/contacts'],
    ] as const) {
      const live = await liveDemo(hash);
      const saved = loadPage(fixtureHtml(fixture), live.url.href);
      expect(normalise(saved.document.querySelector('#demo-view')!.innerHTML)).toBe(normalise(live.document.querySelector('#demo-view')!.innerHTML));
      expect(saved.document.title).toBe(live.document.title);
    }
  });

  it('is recognised as the demo CRM, with or without the generic adapter enabled', () => {
    const page = load('demoContact');
    expect(page.detect({ generic: false })).toBe(demoAdapter);
    expect(page.detect({ generic: true })).toBe(demoAdapter);
  });

  it('reads the whole contact, the current user from the top bar, and "do not SMS" unticked', async () => {
    const read = (await load('demoContact').read())!;
    expect(read).toMatchObject({ adapter: 'demo', recordId: '1', doNotUseSms: false });
    expect(read.fields).toEqual({
      name: 'Иван Петров',
      firstName: 'Иван',
      lastName: 'Петров',
      account: 'Ромашка',
      owner: 'Анна Администратова',
      currentUser: 'Анна Администратова',
      email: 'ivan.petrov@romashka.example',
      city: 'Казань',
    });
    expect(read.phones.map(({ number, type }) => ({ number, type }))).toEqual([
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '8 (495) 123-45-67', type: 'work' },
    ]);
  });

  it('names the rule behind every field; nothing is missing', async () => {
    const read = (await load('demoContact').read())!;
    expectSource(read.provenance.name, 'demo CRM card', '[data-field="name"]');
    expectSource(read.provenance.currentUser, 'demo CRM top bar', '[data-current-user]');
    expectSource(read.provenance.account, 'demo CRM card', 'input[data-field="account"]');
    expectSource(read.phones[0]!.source, 'demo CRM card', 'input[data-field="mobilePhone"]');
    expectSource(read.phones[1]!.source, 'demo CRM card', 'input[data-field="workPhone"]');
    expectSource(read.provenance.doNotUseSms, 'demo CRM communication options', 'input[data-field="doNotUseSms"]');
    expect(missingFields(read)).toEqual([]);
  });

  it('puts the SMS button at the end of the card toolbar and the sent-SMS panel in its detail', () => {
    const page = load('demoContact');
    const button = findAnchor(page.document, demoAdapter.button.anchor);
    expect(button?.getAttribute('data-role')).toBe('card-actions');
    expect(button?.textContent).toContain('Сохранить');
    expect(demoAdapter.button.append).toBe('last');
    const panel = findAnchor(page.document, demoAdapter.panel!.anchor);
    expect(panel?.getAttribute('data-detail')).toBe('sent-sms');
    expect(panel?.closest('.demo-card')?.getAttribute('data-record-id')).toBe('1');
  });

  it('gives the contact a CRM id and a snapshot the relay accepts, with the current user', async () => {
    const page = load('demoContact');
    const read = (await page.read())!;
    const url = new URL(PAGES.demoContact[1]);
    expect(crmIdOf(read, url)).toBe('demo:127.0.0.1:8787:1');
    expect(crmIdSchema.safeParse(crmIdOf(read, url)).success).toBe(true);
    const snapshot = toSnapshot(read, url);
    expect(snapshot).toEqual({
      name: 'Иван Петров',
      firstName: 'Иван',
      lastName: 'Петров',
      account: 'Ромашка',
      owner: 'Анна Администратова',
      email: 'ivan.petrov@romashka.example',
      city: 'Казань',
      phones: [
        { number: '+7 912 345-67-89', type: 'mobile' },
        { number: '8 (495) 123-45-67', type: 'work' },
      ],
      doNotUseSms: false,
      source: { adapter: 'demo', origin: 'http://127.0.0.1:8787', url: 'http://127.0.0.1:8787/demo/#/contacts/1' },
      fields: { currentUser: 'Анна Администратова' },
    });
    expect(contactSnapshotSchema.safeParse(snapshot).error).toBeUndefined();
  });

  it("every adapter rule's target renamed: each card field still read, by the fallback layer, and it says so", async () => {
    const page = load('demoContact');
    for (const element of page.document.querySelectorAll('[data-field]')) element.removeAttribute('data-field');
    const read = (await page.read())!;
    expect(read.fields).toEqual({
      name: 'Иван Петров',
      firstName: 'Иван',
      lastName: 'Петров',
      account: 'Ромашка',
      owner: 'Анна Администратова',
      currentUser: 'Анна Администратова',
      email: 'ivan.petrov@romashka.example',
      city: 'Казань',
    });
    expect(read.phones.map(({ number, type }) => ({ number, type }))).toEqual([
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '8 (495) 123-45-67', type: 'work' },
    ]);
    expect(read.doNotUseSms).toBe(false);
    // The top bar is no card field: its rule still reads the current user.
    const { currentUser, ...card } = read.layers;
    expect(currentUser).toBe('adapter');
    expect(new Set(Object.values(card))).toEqual(new Set(['fallback']));
    expectSource(read.provenance.name, 'fallback: page heading .demo-card > h1');
    expectSource(read.provenance.city, 'fallback', '«Город»', 'label[for]', 'card .demo-card[data-record-id]');
    expectSource(read.provenance.phones, 'fallback', '«Мобильный телефон»', '«Рабочий телефон»');
    expectSource(read.provenance.doNotUseSms, 'fallback', '«Не использовать SMS»', 'label around');
  });

  it('a phone or a label outside the card (the top bar) is never read into it', async () => {
    const page = load('demoContact');
    for (const element of page.document.querySelectorAll('input[data-field$="Phone"]')) element.remove();
    page.document.querySelector('.demo-topbar')!.insertAdjacentHTML('beforeend', '<a href="tel:+78005553535">Поддержка: 8 800 555-35-35</a>');
    const read = (await page.read())!;
    expect(read.phones).toEqual([]);
    // Positive control: the same link inside the card is read.
    page.document.querySelector('.demo-card')!.insertAdjacentHTML('beforeend', '<a href="tel:+78005553535">8 800 555-35-35</a>');
    expect((await page.read())!.phones.map((p) => p.number)).toEqual(['+78005553535']);
  });

  it('on the live demo: contact 2 has "do not SMS" ticked and one phone; going back to the list, nothing fires', async () => {
    const page = await liveDemo('#/contacts/2');
    const read = (await page.read())!;
    expect(read).toMatchObject({ recordId: '2', fields: { name: 'Мария Сидорова' }, doNotUseSms: true });
    expect(read.phones.map(({ number, type }) => ({ number, type }))).toEqual([{ number: '8 912 000 11 22', type: 'mobile' }]);

    page.window.location.hash = '#/contacts';
    await page.window.happyDOM.waitUntilComplete();
    expect(page.document.querySelector('[data-list="contacts"]')).not.toBeNull();
    expect(page.detect({ generic: false })).toBeNull();
    expect(page.detect({ generic: true })?.id).not.toBe('demo');
  });
});
