import type { CrmAdapter, LabelRule, PhoneRule, Rule } from '../types';

/*
 * From crm-dom.md and public Bitrix24 userscripts: the URL; `#pagetitle`, `.pagetitle-inner-container`,
 * `.crm-entity-actions-container`; fields as `.crm-entity-widget-content-block[data-cid="<FIELD>"]`;
 * a phone as `a.crm-entity-phone-number` (raw number in `title`) inside a view-mode multifield item
 * `.crm-entity-widget-content-block-mutlifield` (sic) whose `…-mutlifield-type` span says Рабочий /
 * Мобильный / Домашний. Bitrix gives IM (messenger) values the same `crm-entity-phone-number` class,
 * hence the `data-cid="PHONE"` scope.
 * Inferred: where NAME / LAST_NAME / EMAIL / ASSIGNED_BY_ID / COMPANY show their value
 * (`…-inner-text`, `.crm-widget-employee-name`, `.crm-entity-widget-client-box-name`).
 *
 * Not used: `.crm-entity-widget-client-contact-phone`. On a contact card that widget lists the linked
 * company with the company's number; it is the contact's phone only on deal and lead pages.
 */
const layout = 'Bitrix24 contact details page';
const field = (cid: string, inner: string, read: Rule['read'] = 'text'): Rule => ({
  css: `.crm-entity-widget-content-block[data-cid="${cid}"] ${inner}`,
  read,
  layout,
});
/** A phone of a kind, by its type label: the raw number in the link's title, else the number shown. */
const typedPhones = (texts: string[], type: PhoneRule['type']): PhoneRule[] =>
  (['attr:title', 'text'] as const).map((read) => {
    const rule: LabelRule = {
      field: '[data-cid="PHONE"] .crm-entity-widget-content-block-mutlifield',
      label: '.crm-entity-widget-content-block-mutlifield-type',
      texts,
      value: 'a.crm-entity-phone-number',
      read,
      layout,
    };
    return { rule, type };
  });

export const bitrix24Adapter: CrmAdapter = {
  id: 'bitrix24',
  name: 'Bitrix24',
  // Also the side-panel iframe's own URL: …/details/12/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER (the query is not matched).
  // 0 is the "new contact" form.
  url: /^\/crm\/contact\/details\/([1-9]\d*)\/?(?:#.*)?$/,
  markers: {
    selectors: [
      'html.bx-core',
      'script[src*="/bitrix/" i], link[href*="/bitrix/" i]',
      'body[class*="template-bitrix24"]',
      '.crm-entity-card-container',
    ],
    min: 2,
  },
  // Not `#pagetitle`: the page behind an open side panel has one too (and the card's URL), but no card fields.
  ready: '.crm-entity-widget-content-block[data-cid]',
  fields: {
    name: [{ css: '#pagetitle', read: 'text', layout: `${layout}, page title` }],
    firstName: [field('NAME', '.crm-entity-widget-content-block-inner-text')],
    lastName: [field('LAST_NAME', '.crm-entity-widget-content-block-inner-text')],
    account: [field('COMPANY', '.crm-entity-widget-client-box-name')],
    owner: [field('ASSIGNED_BY_ID', '.crm-widget-employee-name')],
    email: [field('EMAIL', 'a.crm-entity-email')],
  },
  phones: [
    ...typedPhones(['Мобильный', 'Mobile'], 'mobile'),
    ...typedPhones(['Рабочий', 'Work'], 'work'),
    ...typedPhones(['Домашний', 'Home'], 'home'),
    // Fax, pager, "for newsletters", other, or a label in another language.
    { rule: field('PHONE', 'a.crm-entity-phone-number', 'attr:title'), type: 'other' },
    { rule: field('PHONE', 'a.crm-entity-phone-number'), type: 'other' },
  ],
  button: { anchor: ['.crm-entity-actions-container', '.pagetitle-inner-container'], append: 'last' },
};
