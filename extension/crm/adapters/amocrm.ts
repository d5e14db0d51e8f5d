import type { CrmAdapter, LabelRule, PhoneRule, Rule } from '../types';

/*
 * From the card templates amoCRM / Kommo ship to the browser (compiled twig; a public copy in
 * github.com/worldwideservice/gpt-agent-platform kwid-extraction/assets/js/84685.*.js) and a public test page
 * transcribing a card (github.com/aoanshakov/utils softphone-plugin/tests/utils/amocrm-lead.js); the fixtures
 * test/fixtures/amocrm-contact.html, kommo-contact.html and amocrm-lead.html name what each part comes from:
 * - the card column `#card_fields` holds the record's own form in `.card-fields__fields-block` and, beside it,
 *   `.card-fields__linked-block` with linked records (a contact's company, with the company's own phones);
 * - the name is `textarea#person_n.card-fields__top-name-input` in `.js-card-name`, with a hidden text twin;
 *   the "…" menu `.card-fields__top-name-more` follows it;
 * - the responsible user is `li.multisuggest__list-item[data-title]` in `.linked-form__field_reassign`;
 * - a phone / e-mail row is `.linked-form__field-pei`: its type is the chosen item shown in the row's select
 *   button (Раб. тел. / Раб.прямой / Мобильный / Факс / Домашний / Другой), its value `[data-pei-code="phone"]
 *   input.control-phone__formatted` (e-mail: `[data-pei-code="email"] input[data-type="email"]`);
 * - the linked company: `ul#companies_list` … `a.linked-form__field__link_company[data-href="/companies/detail/<id>"]
 *   > input.js-linked-name-view`.
 * Inferred: that a contact card uses these shared templates; the English type names (Work, Work DD, Mobile, …).
 *
 * Only contact cards. A lead or company card shows linked contacts, but which of them is "the" contact is the
 * user's choice, so those pages get no button.
 */
const layout = 'amoCRM contact card';
/** The record's own form: the linked block beside it holds other records. */
const OWN = '.card-fields__fields-block';
const LINKED = '.card-fields__linked-block';
const own = (inner: string, read: Rule['read'] = 'value', how?: string): Rule => ({
  css: `${OWN} ${inner}`,
  read,
  layout: how ? `${layout}, ${how}` : layout,
});
const linkedCompany = (inner: string): Rule => ({ css: `${LINKED} ${inner}`, read: 'value', layout: `${layout}, linked company` });

const PHONE_ROW = `${OWN} .linked-form__field-pei`;
const PHONE_INPUT = '[data-pei-code="phone"] input.control-phone__formatted';
const typedPhone = (texts: string[], type: PhoneRule['type']): PhoneRule => {
  const rule: LabelRule = {
    field: PHONE_ROW,
    // The select's button shows the chosen type; its drop-down list names every type.
    label: '.linked-form__field__label .control--select--button-inner',
    texts,
    value: PHONE_INPUT,
    read: 'value',
    layout,
  };
  return { rule, type };
};

export const amocrmAdapter: CrmAdapter = {
  id: 'amocrm',
  name: 'amoCRM / Kommo',
  url: /^\/contacts\/detail\/(\d+)\/?(?:#.*)?$/,
  markers: {
    // The card's own structure, which every card carries; the page around it (menu, assets) varies.
    selectors: [
      '#card_fields, .card-holder__fields',
      OWN,
      '#card_name_holder, .card-fields__top-name',
      'form.card-entity-form, .card-entity-form__fields',
      '.linked-form__field',
      LINKED,
    ],
    min: 2,
  },
  globalMarkers: ['AMOCRM'],
  ready: OWN,
  card: [OWN],
  heading: ['.js-card-name .js-text-input-textarea-value', '.card-fields__top-name-input-wrapper'],
  // A renamed company link is still found by its «Компания» caption in the linked block, and only the account:
  // the company's phones there are not the contact's.
  fallbackScopes: { account: [LINKED, '#card_fields'] },
  fields: {
    name: [{ css: 'textarea#person_n, .card-fields__top-name-input', read: 'value', layout: `${layout}, card name` }, own('.js-linked-name-view')],
    account: [
      linkedCompany('a.linked-form__field__link_company input.js-linked-name-view'),
      linkedCompany('a[data-href^="/companies/detail/"] input.js-linked-name-view'),
      linkedCompany('#companies_list .js-linked-name-view'),
    ],
    owner: [
      own('.card-fields__fields-block__users-select .multisuggest__list-item[data-title]', 'attr:data-title'),
      own('.linked-form__field_reassign .multisuggest__list-item[data-title]', 'attr:data-title', 'responsible user'),
    ],
    email: [own('[data-pei-code="email"] input[data-type="email"]')],
  },
  phones: [
    typedPhone(['Мобильный', 'Mobile'], 'mobile'),
    typedPhone(['Раб. тел.', 'Раб.прямой', 'Рабочий', 'Work', 'Work DD', 'Work direct'], 'work'),
    typedPhone(['Домашний', 'Home'], 'home'),
    // Fax, other, or a label this list does not know.
    { rule: own(`.linked-form__field-pei ${PHONE_INPUT}`), type: 'other' },
  ],
  button: { anchor: ['.card-fields__top-name-more', '.card-fields__top-name'], append: 'before' },
};
