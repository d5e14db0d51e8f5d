import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../extension/crm/adapters';
import { creatioClassicAdapter } from '../../extension/crm/adapters/creatio-classic';
import { creatioFreedomAdapter } from '../../extension/crm/adapters/creatio-freedom';
import { demoAdapter } from '../../extension/crm/adapters/demo';
import { genericAdapter } from '../../extension/crm/adapters/generic';
import { recordIdOf } from '../../extension/crm/read-contact';
import type { CrmAdapter } from '../../extension/crm/types';

/**
 * URL detection, table-driven (in the style of refined-github's page-detect tests): every adapter's
 * `url` rule must match its own contact URLs, extracting the record id, and no other adapter's URLs.
 */
const G = '5c3b8f4e-6b1a-4d0e-9f2a-1b7c3d9e0a42';
const G2 = '9B2F6D1A-3C4E-4F5A-8B7C-0D1E2F3A4B5C';

const CONTACT_URLS: { adapter: CrmAdapter; urls: [url: string, recordId: string][] }[] = [
  {
    adapter: demoAdapter,
    urls: [
      ['http://127.0.0.1:8787/demo/#/contacts/1', '1'],
      ['http://localhost:8787/demo#/contacts/5', '5'],
      ['https://relay.example.com/demo/#/contacts/abc-42', 'abc-42'],
    ],
  },
  {
    adapter: creatioClassicAdapter,
    urls: [
      [`https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/edit/${G}`, G],
      [`https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/view/${G}`, G],
      [`https://bpm.example.ru/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/edit/${G2}`, G2],
      [`https://mycompany.creatio.com/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/edit/${G}/GeneralInfoTab`, G],
    ],
  },
  {
    adapter: creatioFreedomAdapter,
    urls: [
      [`https://crm.example.com/0/Shell/#Card/Contacts_FormPage/edit/${G}`, G],
      [`https://mycompany.creatio.com/0/Shell/#Card/Contacts_FormPage/view/${G2}`, G2],
    ],
  },
];

/** Pages of the same CRMs that are not a contact card: no adapter's URL rule may match them. */
const NOT_CONTACT_URLS = [
  'http://127.0.0.1:8787/demo/',
  'http://127.0.0.1:8787/demo/#/contacts',
  'http://127.0.0.1:8787/demo/#/accounts',
  'http://127.0.0.1:8787/demo/#/contacts/1/edit',
  'http://127.0.0.1:8787/notdemo/#/contacts/1',
  `https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/AccountPageV2/edit/${G}`,
  'https://crm.example.com/0/Nui/ViewModule.aspx#SectionModuleV2/ContactSectionV2/',
  'https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/add',
  'https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/edit/not-a-guid',
  `https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/UsrContactPageV2Extra/edit/${G}`,
  `https://crm.example.com/0/Shell/#Card/Accounts_FormPage/edit/${G}`,
  'https://crm.example.com/0/Shell/#Section/Contacts_ListPage',
  'https://crm.example.com/0/Shell/#Card/Contacts_FormPage/add',
  `https://crm.example.com/0/Shell/#Card/Contacts_MiniPage/edit/${G}`,
  `https://crm.example.com/0/Shell/?contact=${G}`,
];

const matches = (adapter: CrmAdapter, url: string) => {
  const { pathname, hash } = new URL(url);
  return adapter.url.test(pathname + hash);
};

describe('URL detection', () => {
  it('the table covers every CRM adapter (add a new adapter\'s URLs here)', () => {
    expect(CONTACT_URLS.map((entry) => entry.adapter)).toEqual(ADAPTERS.filter((adapter) => !adapter.optIn));
  });

  for (const { adapter, urls } of CONTACT_URLS) {
    describe(adapter.name, () => {
      it.each(urls)('matches %s → record %s', (url, recordId) => {
        expect(matches(adapter, url)).toBe(true);
        expect(recordIdOf(adapter, new URL(url), document)).toBe(recordId);
      });

      const foreign = [...CONTACT_URLS.filter((entry) => entry.adapter !== adapter).flatMap((entry) => entry.urls.map(([url]) => url)), ...NOT_CONTACT_URLS];
      it.each(foreign)('does not match %s', (url) => {
        expect(matches(adapter, url)).toBe(false);
        expect(recordIdOf(adapter, new URL(url), document)).toBeNull();
      });
    });
  }

  it('the generic adapter matches any URL (it is opt-in and last) and keys it by path, not by record', () => {
    expect(ADAPTERS.at(-1)).toBe(genericAdapter);
    for (const url of [...CONTACT_URLS.flatMap((entry) => entry.urls.map(([u]) => u)), ...NOT_CONTACT_URLS]) {
      expect(matches(genericAdapter, url), url).toBe(true);
      expect(recordIdOf(genericAdapter, new URL(url), document), url).toMatch(/^p[0-9a-z]+$/);
    }
  });
});
