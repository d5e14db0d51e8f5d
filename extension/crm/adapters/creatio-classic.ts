import type { CrmAdapter, Rule } from '../types';
import { CREATIO_MARKERS, CURRENT_USER_GLOBALS } from './creatio-markers';

const layout = 'Creatio Classic contact page (ExtJS)';
const GUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
/** Classic control ids: {PageSchema}{ItemName}{ControlClass}-el, e.g. ContactPageV2AccountNameTextEdit-el. */
const control = (item: string, controlClass: string, read: Rule['read'] = 'value'): Rule => ({
  css: `[id^="ContactPageV2"][id$="${item}${controlClass}-el"]`,
  read,
  layout,
});
/** A field by its data-item-marker ("<Column> <Caption>"), value in its edit control. */
const marked = (column: string, read: Rule['read'] = 'value'): Rule => ({
  css: `[data-item-marker^="${column} "] input, [data-item-marker^="${column} "] textarea`,
  read,
  layout: `${layout}, by data-item-marker`,
});

export const creatioClassicAdapter: CrmAdapter = {
  id: 'creatio',
  name: 'Creatio (Classic UI)',
  url: /#CardModuleV2\/ContactPageV2\/(?:edit|view)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i,
  markers: { selectors: CREATIO_MARKERS, min: 2 },
  ready: '[id^="ContactPageV2"][id$="NameTextEdit-el"], #MainHeaderSchemaPageHeaderCaptionLabel',
  fields: {
    name: [control('AccountName', 'TextEdit'), marked('Name'), { css: 'label#MainHeaderSchemaPageHeaderCaptionLabel', read: 'text', layout: `${layout}, page caption` }],
    account: [control('Account', 'LookupEdit'), marked('Account')],
    owner: [control('Owner', 'LookupEdit'), marked('Owner')],
    email: [control('AccountEmail', 'TextEdit'), control('Email', 'TextEdit')],
    city: [control('City', 'LookupEdit'), marked('City')],
  },
  globals: { currentUser: CURRENT_USER_GLOBALS },
  phones: [
    { rule: control('MobilePhone', 'TextEdit'), type: 'mobile' },
    { rule: marked('MobilePhone'), type: 'mobile' },
    { rule: control('AccountPhone', 'TextEdit'), type: 'work' },
    { rule: marked('Phone'), type: 'work' },
    { rule: control('HomePhone', 'TextEdit'), type: 'home' },
  ],
  // Terrasoft.CheckBoxEdit renders <span id="{id}-wrapEl" class="t-checkboxedit-wrap[ t-checkboxedit-checked]">
  // around a hidden <input id="{id}-el" type="checkbox" class="t-checkboxedit">: the state is the wrap's class,
  // the input is never checked, so reading the input would say "SMS allowed" for every contact.
  doNotUseSms: [
    { css: '#ContactPageV2DoNotUseSmsCheckBoxEdit-wrapEl', read: 'checked', layout },
    { css: '[data-item-marker^="DoNotUseSms "] .t-checkboxedit-wrap', read: 'checked', layout: `${layout}, by data-item-marker` },
  ],
  button: { anchor: ['[data-item-marker="CloseButton"]', '[data-item-marker="SaveButton"]'], append: 'after' },
  list: {
    // Inferred (crm-dom.md names the card's ids, not the grid's): the contacts section's grid is
    // {Section}DataGridGrid, rows .grid-listed-row with the primary column linking to the card (the GUID),
    // cells .grid-cols-N in the order of the header captions.
    url: /#SectionModuleV2\/ContactSectionV2\b/,
    rows: '[id$="DataGridGrid"] .grid-listed-row, [id$="DataGridGrid"] .grid-row',
    recordId: [
      { css: 'a[href*="ContactPageV2/"]', read: 'attr:href', pattern: GUID },
      { read: 'attr:id', pattern: GUID },
    ],
    columns: { captions: '.grid-captions [class*="grid-cols-"]', cells: ':scope > [class*="grid-cols-"]' },
    cells: {
      name: [{ caption: ['ФИО', 'Full name', 'Name'] }, { css: 'a[href*="ContactPageV2/"]', read: 'text' }],
      mobilePhone: [{ caption: ['Мобильный телефон', 'Mobile phone'] }, { phoneLike: '[class*="grid-cols-"]' }],
      workPhone: [{ caption: ['Рабочий телефон', 'Business phone', 'Work phone'] }],
      account: [{ caption: ['Контрагент', 'Account'] }],
      owner: [{ caption: ['Ответственный', 'Owner'] }],
      city: [{ caption: ['Город', 'City'] }],
      email: [{ caption: ['Email', 'E-mail'] }],
    },
    layout: 'Creatio Classic contacts section grid (inferred)',
  },
};
