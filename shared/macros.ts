/** The macros a message template may use (S6), and the values they take for one recipient. */

import type { ContactView } from './api';

export interface MacroDefinition {
  path: string;
  label: { ru: string; en: string };
  group: 'contact' | 'account' | 'owner' | 'mailing' | 'custom';
}

export const STANDARD_MACROS: MacroDefinition[] = [
  { path: 'contact.name', label: { ru: 'ФИО', en: 'Full name' }, group: 'contact' },
  { path: 'contact.firstName', label: { ru: 'Имя', en: 'First name' }, group: 'contact' },
  { path: 'contact.lastName', label: { ru: 'Фамилия', en: 'Last name' }, group: 'contact' },
  { path: 'contact.middleName', label: { ru: 'Отчество', en: 'Middle name' }, group: 'contact' },
  { path: 'contact.phone', label: { ru: 'Номер получателя', en: 'Recipient number' }, group: 'contact' },
  { path: 'contact.email', label: { ru: 'Эл. почта', en: 'Email' }, group: 'contact' },
  { path: 'contact.city', label: { ru: 'Город', en: 'City' }, group: 'contact' },
  { path: 'account.name', label: { ru: 'Контрагент', en: 'Account' }, group: 'account' },
  { path: 'owner.name', label: { ru: 'Ответственный', en: 'Owner' }, group: 'owner' },
  { path: 'mailing.name', label: { ru: 'Название рассылки', en: 'Mailing name' }, group: 'mailing' },
];

const CUSTOM_FIELD_PREFIX = 'contact.fields.';

export function customFieldMacros(fieldNames: Iterable<string>): MacroDefinition[] {
  const names = new Set([...fieldNames].filter((name) => name.trim() !== ''));
  return [...names].map((name) => ({ path: CUSTOM_FIELD_PREFIX + name, label: { ru: name, en: name }, group: 'custom' }));
}

/**
 * What the macro picker inserts, e.g. `{{contact.firstName}}`. A custom field's name is written as a
 * Handlebars segment literal, `{{contact.fields.[Дата рождения]}}`, as it may hold spaces, dots or
 * words Handlebars reserves.
 */
export function macroTag(path: string): string {
  if (!path.startsWith(CUSTOM_FIELD_PREFIX)) return `{{${path}}}`;
  const fieldName = path.slice(CUSTOM_FIELD_PREFIX.length).replace(/[\\\]]/g, '\\$&');
  return `{{${CUSTOM_FIELD_PREFIX}[${fieldName}]}}`;
}

export interface TemplateContext {
  contact: {
    name: string;
    firstName: string;
    lastName: string;
    middleName: string;
    phone: string;
    email: string;
    city: string;
    fields: Record<string, string>;
  };
  account: { name: string };
  owner: { name: string };
  mailing: { name: string };
}

export function templateContextFor(contact: ContactView, phoneDigits: string, mailingName: string): TemplateContext {
  return {
    contact: {
      name: contact.name,
      firstName: contact.firstName ?? '',
      lastName: contact.lastName ?? '',
      middleName: contact.middleName ?? '',
      phone: phoneDigits ? `+${phoneDigits}` : '',
      email: contact.email ?? '',
      city: contact.city ?? '',
      fields: contact.fields,
    },
    account: { name: contact.account ?? '' },
    owner: { name: contact.owner ?? '' },
    mailing: { name: mailingName },
  };
}
