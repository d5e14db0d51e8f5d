import { afterAll, describe, expect, it } from 'vitest';
import type { ContactRead, TextField } from '../../extension/crm/types';
import { closePages, load, loadFixture, type LoadedPage } from './load-page';

/**
 * Mutation tests: a CRM update renames what the adapter's rules for a field point at. The field must still be
 * read, by the fallback layer inside the card, and `read.layers` must say so. Each case renames the target that
 * every adapter rule for that field depends on (otherwise a second adapter rule reads it, which is not the point).
 */
interface Mutation {
  field: TextField | 'phones';
  /** What the CRM renamed. */
  renamed: string;
  mutate(doc: Document): void;
  expected: string | { number: string; type: string }[];
}

const renameClass = (doc: Document, selector: string, from: string) => {
  const elements = [...doc.querySelectorAll(selector)];
  if (elements.length === 0) throw new Error(`the fixture has no ${selector}`);
  for (const element of elements) element.classList.replace(from, `${from}-v2`);
};
const renameAttribute = (doc: Document, selector: string, attribute: string, to: (value: string) => string = (value) => value) => {
  const elements = [...doc.querySelectorAll(selector)];
  if (elements.length === 0) throw new Error(`the fixture has no ${selector}`);
  for (const element of elements) {
    const value = element.getAttribute(attribute)!;
    element.removeAttribute(attribute);
    element.setAttribute(`${attribute}-v2`, to(value));
  }
};
const setAttribute = (doc: Document, selector: string, attribute: string, value: string) => {
  const element = doc.querySelector(selector);
  if (!element) throw new Error(`the fixture has no ${selector}`);
  element.setAttribute(attribute, value);
};

const BITRIX24: Mutation[] = [
  { field: 'name', renamed: "the page title's id #pagetitle", mutate: (doc) => setAttribute(doc, '#pagetitle', 'id', 'pagetitle-v2'), expected: 'Петров Иван' },
  {
    field: 'firstName',
    renamed: 'the text value class in the NAME block',
    mutate: (doc) => renameClass(doc, '[data-cid="NAME"] .ui-entity-editor-content-block-text', 'ui-entity-editor-content-block-text'),
    expected: 'Иван',
  },
  {
    field: 'lastName',
    renamed: 'the text value class in the LAST_NAME block',
    mutate: (doc) => renameClass(doc, '[data-cid="LAST_NAME"] .ui-entity-editor-content-block-text', 'ui-entity-editor-content-block-text'),
    expected: 'Петров',
  },
  {
    field: 'account',
    renamed: 'the client box name link class',
    mutate: (doc) => renameClass(doc, '.crm-entity-widget-client-box-name', 'crm-entity-widget-client-box-name'),
    expected: 'ООО «Ромашка»',
  },
  {
    field: 'owner',
    renamed: 'the employee name link class',
    mutate: (doc) => renameClass(doc, '.crm-widget-employee-name', 'crm-widget-employee-name'),
    expected: 'Анна Смирнова',
  },
  {
    field: 'email',
    renamed: "the EMAIL block's data-cid",
    mutate: (doc) => setAttribute(doc, '[data-cid="EMAIL"]', 'data-cid', 'EMAIL_V2'),
    expected: 'ivan.petrov@romashka.example',
  },
  {
    field: 'phones',
    renamed: "the PHONE block's data-cid",
    mutate: (doc) => setAttribute(doc, '[data-cid="PHONE"]', 'data-cid', 'PHONE_V2'),
    // By their type labels; the mobile number from its callto: link.
    expected: [
      { number: '+79123456789', type: 'mobile' },
      { number: '+7 843 210-55-00', type: 'work' },
      { number: '+78432105501', type: 'other' },
    ],
  },
];

const AMOCRM: Mutation[] = [
  {
    field: 'name',
    renamed: "the name box's id #person_n and class",
    mutate: (doc) => {
      setAttribute(doc, '#person_n', 'id', 'person_n-v2');
      renameClass(doc, '.card-fields__top-name-input', 'card-fields__top-name-input');
    },
    expected: 'Иван Петров',
  },
  {
    field: 'account',
    renamed: "the linked company's link (class and data-href) and list id",
    mutate: (doc) => {
      renameClass(doc, 'a.linked-form__field__link_company', 'linked-form__field__link_company');
      renameAttribute(doc, 'a[data-href^="/companies/detail/"]', 'data-href');
      setAttribute(doc, '#companies_list', 'id', 'companies_list-v2');
    },
    expected: 'ООО «Ромашка»',
  },
  {
    field: 'owner',
    renamed: "the responsible user item's data-title",
    mutate: (doc) => renameAttribute(doc, '.multisuggest__list-item[data-title]', 'data-title'),
    expected: 'Анна Смирнова',
  },
  {
    field: 'email',
    renamed: "the e-mail row's data-pei-code",
    mutate: (doc) => setAttribute(doc, '[data-pei-code="email"]', 'data-pei-code', 'mail'),
    expected: 'ivan.petrov@romashka.example',
  },
  {
    field: 'phones',
    renamed: "the phone input's class and the hidden twin's data-type",
    mutate: (doc) => {
      renameClass(doc, 'input.control-phone__formatted', 'control-phone__formatted');
      renameAttribute(doc, 'input[data-type="phone"]', 'data-type');
    },
    expected: [
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '+7 (843) 210-55-00', type: 'work' },
      { number: '+7 (843) 555-12-34', type: 'other' },
    ],
  },
];

const valueOf = (read: ContactRead, field: Mutation['field']) => (field === 'phones' ? read.phones.map(({ number, type }) => ({ number, type })) : read.fields[field]);

function mutationSuite(crm: string, open: () => LoadedPage, mutations: Mutation[]) {
  describe(`${crm}: a renamed rule target is read by the fallback layer`, () => {
    it('positive control: unmutated, every one of these fields is read by the adapter', async () => {
      const read = (await open().read())!;
      for (const { field } of mutations) expect({ field, layer: read.layers[field] }).toEqual({ field, layer: 'adapter' });
    });

    for (const { field, renamed, mutate, expected } of mutations) {
      it(`${field}, after ${renamed} was renamed`, async () => {
        const page = open();
        mutate(page.document);
        const read = (await page.read())!;
        expect(read).not.toBeNull();
        expect(valueOf(read, field)).toEqual(expected);
        expect(read.layers[field]).toBe('fallback');
      });
    }
  });
}

afterAll(closePages);

mutationSuite('Bitrix24 current card', () => loadFixture('bitrix24-contact-new.html', 'https://romashka.bitrix24.ru/crm/contact/details/12/'), BITRIX24);
mutationSuite('amoCRM contact card', () => load('amocrmContact'), AMOCRM);
