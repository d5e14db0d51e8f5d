import type { CrmAdapter, Rule } from '../types';
import { CREATIO_GLOBAL_MARKERS, CREATIO_MARKERS, CURRENT_USER_GLOBALS } from './creatio-markers';

const layout = 'Creatio Classic contact page (ExtJS)';
const GUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
/** Classic control ids: {PageSchema}{ItemName}{ControlClass}-el, e.g. ContactPageV2AccountNameTextEdit-el. */
const control = (item: string, controlClass: string, read: Rule['read'] = 'value'): Rule => ({
  css: `[id^="ContactPageV2"][id$="${item}${controlClass}-el"]`,
  read,
  layout,
});
/**
 * A field by its data-item-marker ("<ItemName> <Caption>"): the view generator puts it on the label and on the edit
 * control's wrap (or the input itself), never on the field's container.
 */
const marked = (item: string, read: Rule['read'] = 'value'): Rule => ({
  css: [`[data-item-marker^="${item} "] input`, `[data-item-marker^="${item} "] textarea`, `input[data-item-marker^="${item} "]`].join(', '),
  read,
  layout: `${layout}, by data-item-marker`,
});

/**
 * Terrasoft.CheckBoxEdit renders <span id="{id}-wrapEl" class="t-checkboxedit-wrap[ t-checkboxedit-checked]"> around
 * <input id="{id}-el" type="checkbox" class="t-checkboxedit">; the wrap's class is the state the control keeps, and a
 * ticked input counts too. `wraps` finds the wrap; per wrap: ticked by class, ticked by input, else unticked.
 */
function checkBox(wraps: string[], how: string): Rule[] {
  const each = (suffix: string) => wraps.map((wrap) => `${wrap}${suffix}`).join(', ');
  const at = `${layout}, ${how}`;
  return [
    { css: each('.t-checkboxedit-checked'), read: 'checked', layout: `${at}, checked class on the wrap` },
    { css: each(' input.t-checkboxedit:checked'), read: 'checked', layout: `${at}, checked input` },
    { css: each(''), read: 'checked', layout: at },
  ];
}

/** The same three readings for a CheckBoxEdit found by the caption of its field (the label beside it). */
function labelledCheckBox(texts: string[]): Rule[] {
  const rule = (value: string, how: string): Rule => ({
    field: '.control-width-15, .checkbox-control-item, .restrictions-container-class',
    label: 'label',
    texts,
    value,
    read: 'checked',
    layout: `${layout}, checkbox by its caption${how}`,
  });
  return [
    rule('.t-checkboxedit-wrap.t-checkboxedit-checked', ', checked class on the wrap'),
    rule('input.t-checkboxedit:checked', ', checked input'),
    rule('.t-checkboxedit-wrap', ''),
  ];
}

export const creatioClassicAdapter: CrmAdapter = {
  id: 'creatio',
  name: 'Creatio (Classic UI)',
  url: /#CardModuleV2\/ContactPageV2\/(?:edit|view)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i,
  markers: { selectors: CREATIO_MARKERS, min: 2 },
  globalMarkers: CREATIO_GLOBAL_MARKERS,
  ready: '[id^="ContactPageV2"][id$="NameTextEdit-el"], #CardContentWrapper [id^="ContactPageV2"][id$="-el"], #MainHeaderSchemaPageHeaderCaptionLabel',
  // BasePageV2 gives the card's wrapper a fixed id; the section list and the left menu stay outside it.
  card: ['#CardContentWrapper', '.card-content-container'],
  // The page header (MainHeaderSchema, outside the card) shows the record's caption: the contact's name.
  heading: ['#MainHeaderSchemaPageHeaderCaptionLabel', 'label[id$="PageHeaderCaptionLabel"]'],
  fields: {
    name: [
      control('AccountName', 'TextEdit'),
      marked('AccountName'),
      marked('Name'),
      { css: 'label#MainHeaderSchemaPageHeaderCaptionLabel', read: 'text', layout: `${layout}, page caption` },
    ],
    account: [control('Account', 'LookupEdit'), marked('Account')],
    owner: [control('Owner', 'LookupEdit'), marked('Owner')],
    email: [control('AccountEmail', 'TextEdit'), control('Email', 'TextEdit'), marked('AccountEmail'), marked('Email')],
    city: [control('City', 'LookupEdit'), marked('City')],
  },
  globals: { currentUser: CURRENT_USER_GLOBALS },
  phones: [
    { rule: control('AccountMobilePhone', 'TextEdit'), type: 'mobile' },
    { rule: control('MobilePhone', 'TextEdit'), type: 'mobile' },
    { rule: marked('AccountMobilePhone'), type: 'mobile' },
    { rule: marked('MobilePhone'), type: 'mobile' },
    { rule: control('AccountPhone', 'TextEdit'), type: 'work' },
    { rule: marked('AccountPhone'), type: 'work' },
    { rule: marked('Phone'), type: 'work' },
    { rule: control('HomePhone', 'TextEdit'), type: 'home' },
  ],
  doNotUseSms: [
    // The page field (DoNotUseSms on the communication channels tab): its generated control id, or its marker.
    ...checkBox(['[id^="ContactPageV2"][id$="DoNotUseSmsCheckBoxEdit-wrapEl"]'], 'DoNotUseSmsCheckBoxEdit'),
    ...checkBox(['.t-checkboxedit-wrap[data-item-marker^="DoNotUseSms "]', '[data-item-marker^="DoNotUseSms "] .t-checkboxedit-wrap'], 'DoNotUseSms by data-item-marker'),
    // The communication options detail lists a set restriction as a CheckBoxEdit whose id is the column name.
    ...checkBox(['#DoNotUseSms-wrapEl'], 'communication options detail restriction DoNotUseSms'),
    // A checkbox the page designer added has a generated item name (BOOLEAN<guid>): only its caption is stable.
    ...labelledCheckBox(['Не использовать SMS', 'Do not use SMS']),
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
