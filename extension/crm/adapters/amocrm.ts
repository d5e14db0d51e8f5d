import type { CrmAdapter, LabelRule, PhoneRule, Rule } from '../types';

/*
 * From crm-dom.md, public amoCRM widgets and Selenium tests, and a public copy of the card markup: the URL; a phone row `.linked-form__field-pei` whose
 * `[data-pei-code="phone"]` holds `input.control-phone__formatted`, its type the selected item of the row's
 * select (`.control--select--button-inner`: Раб. тел. / Раб.прямой / Мобильный / Факс / Домашний / Другой);
 * the card column `#card_fields` with the record's own fields in `.card-fields__fields-block` and linked
 * records (a contact's company, with the company's phones) in `.card-fields__linked-block`; the card name
 * `textarea#person_n`; the "…" menu `.card-fields__top-name-more`; `.js-linked-name-view` names a linked form.
 * Inferred: that a contact card's name is `#person_n` too (seen on a lead card), that its own phone / e-mail /
 * company rows are the same components as a linked form's, the e-mail input, the responsible-user select's
 * `data-title`, `#page_holder` and `.nav__menu`.
 *
 * Only contact cards. A lead or company card shows linked contacts, but which of them is "the" contact
 * is the user's choice, so those pages get no button (the card id is also in AMOCRM.data.current_card.id,
 * left to a main-world script).
 */
const layout = 'amoCRM contact card';
const own = (inner: string, read: Rule['read'] = 'value'): Rule => ({ css: `.card-fields__fields-block ${inner}`, read, layout });
const typedPhone = (texts: string[], type: PhoneRule['type']): PhoneRule => {
  const rule: LabelRule = {
    field: '.card-fields__fields-block .linked-form__field-pei',
    label: '.linked-form__field__label .control--select--button-inner',
    texts,
    value: '[data-pei-code="phone"] input.control-phone__formatted',
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
    selectors: [
      '#page_holder',
      '.nav__menu, #nav_menu',
      '#card_fields, .card-holder__fields',
      '.card-fields__linked-block.js-linked_elements_wrapper',
      'script[src*="amocrm" i], link[href*="amocrm" i], script[src*="kommo" i], link[href*="kommo" i]',
    ],
    min: 2,
  },
  ready: '.card-fields__fields-block',
  fields: {
    name: [
      { css: 'textarea#person_n, .card-fields__top-name-input', read: 'value', layout: `${layout}, card name` },
      own('.js-linked-name-view'),
    ],
    account: [own('.linked-form__field-company input[name="company[NAME]"]')],
    owner: [own('.card-fields__fields-block__users-select .multisuggest__list-item[data-title]', 'attr:data-title')],
    email: [own('[data-pei-code="email"] input[data-type="email"]')],
  },
  phones: [
    typedPhone(['Мобильный', 'Mobile'], 'mobile'),
    typedPhone(['Раб. тел.', 'Раб.прямой', 'Рабочий', 'Work', 'Work DD', 'Work direct'], 'work'),
    typedPhone(['Домашний', 'Home'], 'home'),
    // Fax, other, or a label this list does not know.
    { rule: own('.linked-form__field-pei [data-pei-code="phone"] input.control-phone__formatted'), type: 'other' },
  ],
  button: { anchor: ['.card-fields__top-name-more', '.card-fields__top-name'], append: 'before' },
};
