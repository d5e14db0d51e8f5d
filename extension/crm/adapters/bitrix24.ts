import type { CrmAdapter, LabelRule, PhoneRule, Rule } from '../types';

/*
 * From Bitrix24's own templates and scripts (mirrored in github.com/avshatalov48/bitrix24-core-corp) and
 * public userscripts / test locators that target them:
 * - the card is the entity editor inside `.crm-entity-card-container` (components/bitrix/crm.entity.details);
 *   every field is a wrapper with `data-cid="<FIELD>"`: `.ui-entity-editor-content-block` on the current card
 *   (modules/ui/install/js/ui/entity-editor/js/control.js), `.crm-entity-widget-content-block` on the old one;
 *   a text value is `.ui-entity-editor-content-block-text` (current) or `.crm-entity-widget-content-block-inner-text` (old);
 * - a phone is a multifield item `.crm-entity-widget-content-block-mutlifield` (sic): a type span, then a value
 *   span holding the server's `a.crm-entity-phone-number` (title = the number) or, when the item has no view data,
 *   the number as plain text (modules/crm/install/js/crm/entity-editor/js/control.js). IM values get the same
 *   link class, hence the `data-cid="PHONE"` scope;
 * - the title is `#pagetitle` in the site template, the UI toolbar and the side-panel frame
 *   (components/bitrix/crm.entity.details.frame, modules/ui/install/components/bitrix/ui.toolbar).
 * Inferred: that the contact's company field is `data-cid="COMPANY"`.
 *
 * Not used: `.crm-entity-widget-client-contact-phone`. On a contact card that widget lists the linked
 * company with the company's number; it is the contact's phone only on deal and lead pages.
 */
const layout = 'Bitrix24 contact details page';
const cid = (name: string) => `[data-cid="${name}"]`;
const field = (name: string, inner: string, read: Rule['read'] = 'text'): Rule => ({ css: `${cid(name)} ${inner}`, read, layout });
/** A text field of the current card, then of the old one. */
const text = (name: string): Rule[] => [field(name, '.ui-entity-editor-content-block-text'), field(name, '.crm-entity-widget-content-block-inner-text')];

const MULTIFIELD_ITEM = '.crm-entity-widget-content-block-mutlifield';
const MULTIFIELD_TYPE = '.crm-entity-widget-content-block-mutlifield-type';
const MULTIFIELD_VALUE = '.crm-entity-widget-content-block-mutlifield-value';
/** How a phone item shows its number, best first: the link's title, the link's text, the value span's text. */
const PHONE_VALUES: [string, Rule['read']][] = [
  ['a.crm-entity-phone-number', 'attr:title'],
  ['a.crm-entity-phone-number', 'text'],
  [MULTIFIELD_VALUE, 'text'],
];
const typedPhones = (texts: string[], type: PhoneRule['type']): PhoneRule[] =>
  PHONE_VALUES.map(([value, read]) => {
    const rule: LabelRule = { field: `${cid('PHONE')} ${MULTIFIELD_ITEM}`, label: MULTIFIELD_TYPE, texts, value, read, layout };
    return { rule, type };
  });

export const bitrix24Adapter: CrmAdapter = {
  id: 'bitrix24',
  name: 'Bitrix24',
  // Also the side-panel iframe's own URL: …/details/12/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER (the query is not matched).
  // 0 is the "new contact" form.
  url: /^\/crm\/contact\/details\/([1-9]\d*)\/?(?:#.*)?$/,
  markers: {
    // What every contact card carries (its container, its editor fields, the page title), then what most
    // pages carry besides (the core's html class, Bitrix asset URLs, the portal template's body class).
    // The page global `BX` (globalMarkers) counts as one more.
    selectors: [
      '.crm-entity-card-container',
      '.ui-entity-editor-content-block[data-cid], .crm-entity-widget-content-block[data-cid]',
      '#pagetitle',
      'html.bx-core',
      'script[src*="/bitrix/" i], link[href*="/bitrix/" i]',
      'body[class*="template-bitrix24"]',
    ],
    min: 2,
  },
  globalMarkers: ['BX'],
  // Not `#pagetitle`: the page behind an open side panel has one too (and the card's URL), but no card fields.
  ready: '.ui-entity-editor-content-block[data-cid], .crm-entity-widget-content-block[data-cid]',
  card: ['.crm-entity-card-container', '#crm-content-outer', '#workarea-content'],
  heading: ['.ui-toolbar-title-item', '.pagetitle-item', '.pagetitle'],
  fields: {
    name: [{ css: '#pagetitle', read: 'text', layout: `${layout}, page title` }],
    firstName: text('NAME'),
    lastName: text('LAST_NAME'),
    account: [field('COMPANY', '.crm-entity-widget-client-box-name')],
    owner: [field('ASSIGNED_BY_ID', '.crm-widget-employee-name')],
    email: [field('EMAIL', 'a.crm-entity-email'), field('EMAIL', MULTIFIELD_VALUE)],
  },
  phones: [
    ...typedPhones(['Мобильный', 'Mobile'], 'mobile'),
    ...typedPhones(['Рабочий', 'Work'], 'work'),
    ...typedPhones(['Домашний', 'Home'], 'home'),
    // Fax, pager, "for newsletters", other, or a label in another language.
    ...PHONE_VALUES.map(([value, read]) => ({ rule: field('PHONE', value, read), type: 'other' as const })),
  ],
  button: {
    anchor: ['.crm-entity-actions-container', '.ui-toolbar-btn-box', '.ui-toolbar-title-item-box', '.pagetitle-inner-container'],
    append: 'last',
  },
};
