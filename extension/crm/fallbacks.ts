import type { PhoneType } from '../../shared/api';
import { cardContainer, fieldScopes, type CardContainer } from './fallback/card-container';
import { labelFinder, type LabelFinder, type LabelledValue } from './fallback/labelled-values';
import { headingName, type Found } from './fallback/page-heading';
import { checkedOf, findPhones, isNoValue, MAX_VALUE, numbersIn, PHONE_LINKS, textOf } from './fallback/field-values';
import { visibleText } from './fallback/page-text';
import { unlabelledEmail } from './fallback/unlabelled-email';
import { readElement } from './read-rules';
import type { AdapterServices, ContactPhoneRead, CrmAdapter, TextField } from './types';

/**
 * The fallback layer: when neither a site override nor the adapter's own rules found a field, look for it the
 * way a person would, inside the recognised card only. Each field is a row of data: the visible labels
 * (Russian and English) that name it.
 */
export const FIELD_LABELS: Partial<Record<TextField, readonly string[]>> = {
  // Not «Контакт» / "Contact": that is how CRMs title the card itself.
  name: ['ФИО', 'Полное имя', 'Имя контакта', 'Full name', 'Contact name', 'Name'],
  firstName: ['Имя', 'First name', 'Given name'],
  lastName: ['Фамилия', 'Last name', 'Surname', 'Family name'],
  account: ['Контрагент', 'Компания', 'Организация', 'Account', 'Company', 'Organization', 'Company name'],
  owner: ['Ответственный', 'Владелец', 'Owner', 'Contact owner', 'Responsible', 'Responsible person', 'Responsible user', 'Assigned to'],
  // amoCRM's e-mail types (Email раб. / личн. / др.) and Kommo's.
  email: [
    'Email',
    'E-mail',
    'Эл. почта',
    'Электронная почта',
    'Почта',
    'Email address',
    'Email раб.',
    'Email личн.',
    'Email др.',
    'Work email',
    'Personal email',
    'Other email',
  ],
  city: ['Город', 'City'],
};

export const PHONE_LABELS: readonly { type: PhoneType; texts: readonly string[] }[] = [
  {
    type: 'mobile',
    texts: ['Мобильный', 'Мобильный телефон', 'Моб. телефон', 'Сотовый', 'Сотовый телефон', 'Mobile', 'Mobile phone', 'Mobile phone number', 'Cell', 'Cell phone'],
  },
  { type: 'work', texts: ['Рабочий', 'Рабочий телефон', 'Раб. тел.', 'Раб.прямой', 'Work', 'Work phone', 'Business phone', 'Office phone', 'Work direct', 'Work DD'] },
  { type: 'home', texts: ['Домашний', 'Домашний телефон', 'Home', 'Home phone'] },
  { type: 'other', texts: ['Телефон', 'Тел.', 'Номер телефона', 'Другой', 'Другой телефон', 'Phone', 'Telephone', 'Phone number', 'Other', 'Other phone'] },
];

export const DO_NOT_USE_SMS_LABELS: readonly string[] = [
  'Не использовать SMS',
  'Не использовать СМС',
  'Не отправлять SMS',
  'Do not use SMS',
  'Do not send SMS',
  "Don't use SMS",
];

const digitsOf = (text: string) => text.replace(/\D/g, '');

export interface FallbackRead {
  fields: Partial<Record<TextField, Found>>;
  phones: ContactPhoneRead[];
  doNotUseSms: { value: boolean; source: string } | null;
  /** The card the fallbacks looked in (null: there was none, nothing was read). */
  card: CardContainer | null;
}

/** What still has to be found. */
export interface FallbackWanted {
  fields: TextField[];
  phones: boolean;
  doNotUseSms: boolean;
}

const describe = (found: LabelledValue, what: string, card: CardContainer) => `fallback: ${what} labelled «${found.label}» (${found.via}) in ${card.source}`;

/** What a field with no value shows: the common placeholders, and the adapter's own. */
const emptyTest = (adapter: CrmAdapter) => {
  const own = new Set(adapter.emptyValues ?? []);
  return (value: string) => isNoValue(value) || own.has(value);
};

/** The first element labelled so: its value, or nothing (an empty field is not skipped for a same-named one further down). */
function labelledText(find: LabelFinder, field: TextField, card: CardContainer, isEmpty: (value: string) => boolean): Found | null {
  const first = find(FIELD_LABELS[field] ?? [])[0];
  const value = first ? textOf(first.element, field) : '';
  return first && !isEmpty(value) && value.length <= MAX_VALUE ? { value, source: describe(first, 'field', card) } : null;
}

/** A field inside one container: by its label; an e-mail also by a mailto: link or its shape, but not anywhere on a whole page. */
const fieldIn = (find: LabelFinder, field: TextField, container: CardContainer, isEmpty: (value: string) => boolean): Found | null =>
  labelledText(find, field, container, isEmpty) ?? (field === 'email' && !container.wholePage ? unlabelledEmail(container) : null);

/** The field in the containers the adapter names for it beside the card, in order. */
function scopedField(adapter: CrmAdapter, doc: Document, field: TextField, isEmpty: (value: string) => boolean): Found | null {
  for (const scope of fieldScopes(adapter, doc, field)) {
    const found = fieldIn(labelFinder(scope.element), field, scope, isEmpty);
    if (found) return found;
  }
  return null;
}

function labelledFlag(find: LabelFinder, card: CardContainer): FallbackRead['doNotUseSms'] {
  for (const found of find(DO_NOT_USE_SMS_LABELS, { checkbox: true })) {
    const value = checkedOf(found.element);
    if (value !== null) return { value, source: describe(found, 'checkbox', card) };
  }
  return null;
}

/** Phones, in the order of trust: typed by their label, then tel:/sms:/callto: links, then phone-shaped text. */
async function fallbackPhones(find: LabelFinder, card: CardContainer, services: AdapterServices): Promise<ContactPhoneRead[]> {
  const phones: ContactPhoneRead[] = [];
  const seen = new Set<string>();
  const add = (number: string, type: PhoneType, source: string) => {
    const key = digitsOf(number);
    if (key.length < 5 || seen.has(key)) return;
    seen.add(key);
    phones.push({ number, type, source });
  };
  for (const { type, texts } of PHONE_LABELS) {
    for (const found of find(texts)) for (const number of await numbersIn(found.element, services)) add(number, type, describe(found, 'phone', card));
  }
  for (const link of card.element.querySelectorAll(PHONE_LINKS)) add(readElement(link, 'tel'), 'other', `fallback: tel:/sms:/callto: link in ${card.source}`);
  for (const input of card.element.querySelectorAll('input[type="tel"]')) add(readElement(input, 'value'), 'other', `fallback: phone input in ${card.source}`);
  if (phones.length > 0) return phones;
  for (const number of await findPhones(services, visibleText(card.element))) add(number, 'other', `fallback: phone-shaped text in ${card.source}`);
  return phones;
}

/** Reads what is `wanted` by the fallbacks, inside the adapter's card container only (a field also in its `fallbackScopes`). */
export async function readFallbacks(adapter: CrmAdapter, doc: Document, wanted: FallbackWanted, services: AdapterServices): Promise<FallbackRead> {
  const read: FallbackRead = { fields: {}, phones: [], doNotUseSms: null, card: cardContainer(adapter, doc) };
  const card = read.card;
  const fields = wanted.fields.filter((field) => FIELD_LABELS[field]);
  if (!card || (fields.length === 0 && !wanted.phones && !wanted.doNotUseSms)) return read;
  const find = labelFinder(card.element);
  const isEmpty = emptyTest(adapter);
  for (const field of fields) {
    const found = fieldIn(find, field, card, isEmpty) ?? (field === 'name' ? headingName(adapter, doc, card) : null) ?? scopedField(adapter, doc, field, isEmpty);
    if (found) read.fields[field] = found;
  }
  if (wanted.doNotUseSms) read.doNotUseSms = labelledFlag(find, card);
  if (wanted.phones) read.phones = await fallbackPhones(find, card, services);
  return read;
}
