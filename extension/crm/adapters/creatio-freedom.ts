import type { CrmAdapter, LabelRule, PhoneRule } from '../types';
import { CREATIO_MARKERS, CURRENT_USER_GLOBALS } from './creatio-markers';

const layout = 'Creatio Freedom UI form page';

/** Freedom UI element-names differ per installation, so fields are found by component type and label. */
const input = (texts: string[]): LabelRule => ({ field: 'crt-input, crt-field', label: '.crt-input-label, label', texts, value: 'input, textarea', read: 'value', layout });
const combobox = (texts: string[]): LabelRule => ({ field: 'crt-combobox, crt-field', label: '.crt-input-label, label', texts, value: 'input', read: 'value', layout });
const phone = (texts: string[], type: PhoneRule['type']): PhoneRule => ({ rule: input(texts), type });

export const creatioFreedomAdapter: CrmAdapter = {
  id: 'creatio',
  name: 'Creatio (Freedom UI)',
  url: /#Card\/Contacts_FormPage\/(?:edit|view)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i,
  markers: { selectors: CREATIO_MARKERS, min: 2 },
  ready: 'crt-input, crt-field',
  fields: {
    name: [input(['ФИО', 'Full name', 'Имя контакта', 'Contact name', 'Name'])],
    firstName: [input(['Имя', 'Given name', 'First name'])],
    lastName: [input(['Фамилия', 'Surname', 'Last name'])],
    account: [combobox(['Контрагент', 'Account', 'Компания', 'Company'])],
    owner: [combobox(['Ответственный', 'Owner'])],
    email: [input(['Email', 'E-mail', 'Эл. почта'])],
    city: [combobox(['Город', 'City'])],
  },
  globals: { currentUser: CURRENT_USER_GLOBALS },
  phones: [
    phone(['Мобильный телефон', 'Mobile phone'], 'mobile'),
    phone(['Рабочий телефон', 'Business phone', 'Work phone'], 'work'),
    phone(['Домашний телефон', 'Home phone'], 'home'),
    { rule: { css: 'crt-communication-options a[href^="tel:"]', read: 'tel', layout: `${layout}, communication options` }, type: 'other' },
  ],
  doNotUseSms: [
    { field: 'crt-checkbox', label: '.crt-checkbox-label, label', texts: ['Не использовать SMS', 'Do not use SMS'], value: 'input[type="checkbox"]', read: 'checked', layout },
  ],
  button: { anchor: ['crt-button:has(.crt-button--contained)', '.crt-button--contained'], append: 'after' },
};
