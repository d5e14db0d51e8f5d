import { afterAll, describe, expect, it } from 'vitest';
import { pipedriveAdapter } from '../../extension/crm/adapters/pipedrive';
import { findAnchor } from '../../extension/crm/detect';
import { crmIdOf } from '../../extension/crm/read-contact';
import { closePages, expectSource, load } from './load-page';

const LAYOUT = 'Pipedrive person page';
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));

afterAll(closePages);

describe('Pipedrive person page (.viewContainer / .detailView)', () => {
  it('is recognised as Pipedrive, with or without the generic adapter enabled', () => {
    const page = load('pipedrivePerson');
    expect(page.detect({ generic: false })).toBe(pipedriveAdapter);
    expect(page.detect({ generic: true })).toBe(pipedriveAdapter);
  });

  it('reads the visible person, not the earlier one Pipedrive keeps hidden ahead of it', async () => {
    const page = load('pipedrivePerson');
    const read = (await page.read())!;
    expect(read).toMatchObject({ adapter: 'pipedrive', recordId: '4242' });
    expect(crmIdOf(read, page.url)).toBe('pipedrive:lutik.pipedrive.com:4242');
    expect(read.fields).toMatchObject({ account: 'Lutik LLP', email: 'olga@lutik.example' });
    expect(read.fields.owner).toBeUndefined();
  });

  it("types each number by the label after it (after its parent, or after the number itself); not the note's number", async () => {
    const read = (await load('pipedrivePerson').read())!;
    expect(plain(read.phones)).toEqual([
      { number: '+7 701 555 0102', type: 'mobile' },
      { number: '+7 727 355 0100', type: 'work' },
      { number: '+7 727 355 0111', type: 'home' },
      { number: '+7 727 355 0177', type: 'other' },
    ]);
  });

  it('reads the older UI\'s [data-test="phone-label"] and unbracketed labels the same way', async () => {
    const page = load('pipedrivePerson');
    for (const button of page.document.querySelectorAll('[data-test="phone-number-button"]')) button.setAttribute('data-test', 'phone-label');
    for (const remark of page.document.querySelectorAll('.fieldsList span:not(:has(button))')) remark.textContent = remark.textContent!.replace(/[()]/g, '');
    const read = (await page.read())!;
    expect(plain(read.phones).map((p) => p.type)).toEqual(['mobile', 'work', 'home', 'other']);
    expectSource(read.phones[0]!.source, '"Mobile"', 'phone-label');
  });

  it('names the rule behind every field; "do not SMS" is unknown (Pipedrive has no such field)', async () => {
    const read = (await load('pipedrivePerson').read())!;
    expectSource(read.provenance.account, LAYOUT, '.viewContainer:not([style*="none"])', 'a[href*="/organization/"]');
    expectSource(read.provenance.email, LAYOUT, '.fieldsList a[href^="mailto:"]');
    expectSource(read.phones[0]!.source, LAYOUT, '"(Mobile)"', '[data-test="phone-number-button"]');
    expectSource(read.phones[3]!.source, LAYOUT, '.fieldsList :is(');
    expect(read.doNotUseSms).toBeNull();
  });

  it('puts the SMS button before the header of the visible view (before its .spacer on the 2018-2021 page)', () => {
    const page = load('pipedrivePerson');
    const anchor = findAnchor(page.document, pipedriveAdapter.button.anchor);
    expect(anchor?.className).toBe('infoBlock');
    expect(anchor?.closest('.viewContainer')?.getAttribute('style')).toBeNull();
    anchor!.insertAdjacentHTML('afterbegin', '<div class="spacer"></div>');
    expect(findAnchor(page.document, pipedriveAdapter.button.anchor)?.className).toBe('spacer');
    expect(pipedriveAdapter.button.append).toBe('before');
  });

  it('reads nothing while the person view is still hidden (Pipedrive is switching views)', async () => {
    const page = load('pipedrivePerson');
    page.document.querySelectorAll('.viewContainer')[1]!.setAttribute('style', 'display: none;');
    expect(await page.read()).toBeNull();
    expect(findAnchor(page.document, pipedriveAdapter.button.anchor)).toBeNull();
  });

  it('declares the visible person details as its card and the header title as heading, no page global', () => {
    const page = load('pipedrivePerson');
    const card = page.document.querySelector(pipedriveAdapter.card![0]!);
    expect(card?.closest('.viewContainer')?.getAttribute('style')).toBeNull();
    expect(page.document.querySelector(pipedriveAdapter.heading![0]!)?.textContent).toBe('Olga Kuznetsova');
    expect(pipedriveAdapter.globalMarkers).toBeUndefined();
  });
});
