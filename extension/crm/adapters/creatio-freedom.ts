import type { CrmAdapter, CssRule, LabelRule, PhoneRule, Reader } from '../types';
import { CREATIO_GLOBAL_MARKERS, CREATIO_MARKERS, CURRENT_USER_GLOBALS } from './creatio-markers';

const layout = 'Creatio Freedom UI form page';

/**
 * Freedom UI element-names differ per installation, so a field is found by its component's tag and its
 * caption. Each page-schema type renders its own tag (crt.Input → crt-input, crt.PhoneInput → crt-phone-input,
 * crt.EmailInput → crt-email-input, crt.ComboBox → crt-combobox, crt.Checkbox → crt-checkbox); crt-input and
 * crt-field stay in every list for pages whose designer used a plain input for the column.
 */
const TAGS = {
  text: 'crt-input, crt-field',
  phone: 'crt-phone-input, crt-input, crt-field',
  email: 'crt-email-input, crt-input, crt-field',
  lookup: 'crt-combobox, crt-field',
  checkbox: 'crt-checkbox',
};
/** The caption sits in .crt-input-label (inside .crt-input-label-container); checkboxes may show it in mat-checkbox's own label. */
const CAPTION = '.crt-input-label, .crt-input-label-container label';
const CHECKBOX_CAPTION = '.crt-checkbox-label, .mat-checkbox-label, .crt-input-label, label';

const labelled =
  (field: string, value: string, read: Reader, how?: string, label = CAPTION) =>
  (texts: string[]): LabelRule => ({
    field,
    label,
    texts,
    value,
    read,
    layout: how ? `${layout}, ${how}` : layout,
  });

const textInput = (texts: string[]) => [labelled(TAGS.text, 'input, textarea', 'value')(texts)];
/** A lookup shows its value in the input, or (showValueAsLink) only as the crt-link beside it. */
const lookup = (texts: string[]) => [
  labelled(TAGS.lookup, 'input', 'value')(texts),
  labelled(TAGS.lookup, '.link-wrap a, crt-link a, a.crt-link', 'text', 'lookup shown as a link')(texts),
];
/** The e-mail input hides its editable input behind a mailto: link once it has a value. */
const emailInput = (texts: string[]) => [
  labelled(TAGS.email, 'input[data-qa="email-field-input"], input', 'value')(texts),
  labelled(TAGS.email, 'a[data-qa="email-link-field-href"], a[href^="mailto:"]', 'text', 'e-mail shown as a link')(texts),
];
/** The phone input (intl-tel-input inside) keeps the number in input[crtphoneinput]; phoneAsLink shows a tel: link. */
const phoneInput = (texts: string[], type: PhoneRule['type']): PhoneRule[] => [
  { rule: labelled(TAGS.phone, 'input[crtphoneinput], input.mat-input-element, input', 'value')(texts), type },
  { rule: labelled(TAGS.phone, 'a[href^="tel:"]', 'tel', 'phone shown as a link')(texts), type },
];
const css = (selector: string, read: Reader, how: string): CssRule => ({ css: selector, read, layout: `${layout}, ${how}` });

/** Where the compact profile (crt.ContactCompactProfile) shows the contact's full name (its caption text, not its icons). */
const PROFILE_NAME = ['.profile-info .profile-name .crt-label', '.edit-profile-button .crt-label'];

export const creatioFreedomAdapter: CrmAdapter = {
  id: 'creatio',
  name: 'Creatio (Freedom UI)',
  url: /#Card\/Contacts_FormPage\/(?:edit|view)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i,
  markers: { selectors: CREATIO_MARKERS, min: 2 },
  globalMarkers: CREATIO_GLOBAL_MARKERS,
  ready: 'crt-input, crt-phone-input, crt-email-input, crt-combobox, crt-checkbox, crt-contact-compact-profile, crt-communication-options, crt-field',
  // The page schema renders inside the schema outlet; the app toolbar (global search, the user's own profile) stays outside.
  card: ['crt-schema-outlet'],
  heading: PROFILE_NAME,
  fields: {
    name: [
      ...textInput(['ФИО', 'Full name', 'Имя контакта', 'Contact name', 'Name']),
      ...PROFILE_NAME.map((selector) => css(`crt-contact-compact-profile ${selector}`, 'text', 'contact compact profile')),
    ],
    firstName: textInput(['Имя', 'Given name', 'First name']),
    lastName: textInput(['Фамилия', 'Surname', 'Last name']),
    account: lookup(['Контрагент', 'Account', 'Компания', 'Company']),
    owner: lookup(['Ответственный', 'Owner']),
    email: [...emailInput(['Email', 'E-mail', 'Эл. почта']), css('crt-communication-options a[href^="mailto:"]', 'text', 'communication options')],
    city: lookup(['Город', 'City']),
  },
  globals: { currentUser: CURRENT_USER_GLOBALS },
  phones: [
    ...phoneInput(['Мобильный телефон', 'Mobile phone'], 'mobile'),
    ...phoneInput(['Рабочий телефон', 'Business phone', 'Work phone'], 'work'),
    ...phoneInput(['Домашний телефон', 'Home phone'], 'home'),
    // The communication options block (crt.CommunicationOptions) lists the contact's other numbers.
    { rule: css('crt-communication-options crt-phone-input input', 'value', 'communication options'), type: 'other' },
    { rule: css('crt-communication-options a[href^="tel:"]', 'tel', 'communication options'), type: 'other' },
  ],
  doNotUseSms: [labelled(TAGS.checkbox, 'input[type="checkbox"]', 'checked', undefined, CHECKBOX_CAPTION)(['Не использовать SMS', 'Do not use SMS'])],
  button: { anchor: ['crt-button:has(.crt-button--contained)', '.crt-button--contained'], append: 'after' },
};
