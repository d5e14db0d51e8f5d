import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../extension/crm/adapters';
import { amocrmAdapter } from '../../extension/crm/adapters/amocrm';
import { bitrix24Adapter } from '../../extension/crm/adapters/bitrix24';
import { creatioClassicAdapter } from '../../extension/crm/adapters/creatio-classic';
import { creatioFreedomAdapter } from '../../extension/crm/adapters/creatio-freedom';
import { demoAdapter } from '../../extension/crm/adapters/demo';
import { genericAdapter } from '../../extension/crm/adapters/generic';
import { hubspotAdapter } from '../../extension/crm/adapters/hubspot';
import { pipedriveAdapter } from '../../extension/crm/adapters/pipedrive';
import { trytonAdapter } from '../../extension/crm/adapters/tryton';
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
  {
    adapter: bitrix24Adapter,
    urls: [
      ['https://romashka.bitrix24.ru/crm/contact/details/12/', '12'],
      ['https://lutik.bitrix24.com/crm/contact/details/15/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER', '15'],
      ['https://crm.example.kz/crm/contact/details/4051', '4051'],
    ],
  },
  {
    adapter: amocrmAdapter,
    urls: [
      ['https://romashka.amocrm.ru/contacts/detail/5502134', '5502134'],
      ['https://acme.kommo.com/contacts/detail/77', '77'],
    ],
  },
  {
    adapter: hubspotAdapter,
    urls: [
      ['https://app.hubspot.com/contacts/4412345/contact/90211', '90211'],
      ['https://app-eu1.hubspot.com/contacts/4412345/record/0-1/90211/', '90211'],
      ['https://app.hubspot.com/contacts/4412345/record/0-1/90211/view/1', '90211'],
    ],
  },
  {
    adapter: pipedriveAdapter,
    urls: [
      ['https://lutik.pipedrive.com/person/4242', '4242'],
      ['https://acme.pipedrive.com/person/7/', '7'],
    ],
  },
  {
    adapter: trytonAdapter,
    urls: [
      ['http://127.0.0.1:8000/#crm/model/party.party/1;name=%22Party%22&views=%5Bnull%5D', 'crm:1'],
      ['https://erp.example.com/#prod/model/party.party/42', 'prod:42'],
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
  'https://romashka.bitrix24.ru/crm/contact/list/',
  'https://romashka.bitrix24.ru/crm/contact/details/0/',
  'https://romashka.bitrix24.ru/crm/deal/details/7/',
  'https://romashka.bitrix24.ru/crm/company/details/7/',
  'https://romashka.amocrm.ru/leads/detail/9911',
  'https://romashka.amocrm.ru/companies/detail/3301',
  'https://romashka.amocrm.ru/contacts/list/contacts/',
  'https://romashka.amocrm.ru/contacts/add/',
  'https://app.hubspot.com/contacts/4412345/record/0-2/7001',
  'https://app.hubspot.com/contacts/4412345/deal/551',
  'https://app.hubspot.com/contacts/4412345/objects/0-1/views/all/list',
  'https://lutik.pipedrive.com/deal/77',
  'https://lutik.pipedrive.com/persons/list/user/everyone',
  'https://lutik.pipedrive.com/organization/311',
  'http://127.0.0.1:8000/#crm/model/party.party;name=%22Party%22',
  'http://127.0.0.1:8000/#crm/model/party.address/1',
  'http://127.0.0.1:8000/#crm/model/party.party/-1',
  'https://www.themoviedb.example/person/287-brad-pitt',
];

const matches = (adapter: CrmAdapter, url: string) => {
  const { pathname, hash } = new URL(url);
  return adapter.url.test(pathname + hash);
};

describe('URL detection', () => {
  it("the table covers every CRM adapter (add a new adapter's URLs here)", () => {
    expect(new Set(CONTACT_URLS.map((entry) => entry.adapter))).toEqual(new Set(ADAPTERS.filter((adapter) => !adapter.optIn)));
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
