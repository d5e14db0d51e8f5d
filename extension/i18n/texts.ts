import { MESSAGE_SENT, NOT_SUPPORTED, SMS_COST } from '../../shared/texts';

export type Language = 'ru' | 'en';

/** Every UI text in both languages; the Russian ones the manual fixes are taken from shared/texts. */
export const TEXTS = {
  smsButton: { ru: 'SMS', en: 'SMS' },
  smsButtonTitle: { ru: 'Отправить СМС контакту', en: 'Send an SMS to this contact' },
  dialogTitle: { ru: 'Отправка СМС', en: 'Send SMS' },
  recipient: { ru: 'Номер', en: 'Number' },
  messageText: { ru: 'Текст сообщения', en: 'Message text' },
  cost: SMS_COST,
  send: { ru: 'Отправить', en: 'Send' },
  sending: { ru: 'Отправка…', en: 'Sending…' },
  cancel: { ru: 'Отмена', en: 'Cancel' },
  close: { ru: 'Закрыть', en: 'Close' },
  messageSent: MESSAGE_SENT,
  notSupported: NOT_SUPPORTED,
  costResult: { ru: 'Стоимость: {cost} {currency}, количество СМС: {parts}', en: 'Cost: {cost} {currency}, SMS count: {parts}' },
  noPhones: { ru: 'У контакта нет номера телефона: введите номер', en: 'The contact has no phone number: type one' },
  otherNumber: { ru: 'Другой номер…', en: 'Other number…' },
  willSendTo: { ru: 'Будет отправлено на {number}', en: 'Will be sent to {number}' },
  doNotUseSmsFlag: {
    ru: 'У контакта установлен признак «Не использовать SMS». Из карточки сообщение всё равно будет отправлено; в массовые рассылки контакт не попадёт.',
    en: 'The contact is flagged "Do not use SMS". A message from the card is still sent; mass mailings skip this contact.',
  },
  doNotUseSmsUnknown: { ru: 'CRM не сообщает признак «Не использовать SMS» для этой страницы', en: 'This page does not say whether the contact is flagged "Do not use SMS"' },
  counter: { ru: '{characters} симв. · {encoding} · СМС: {parts} · осталось {remaining}', en: '{characters} chars · {encoding} · SMS: {parts} · {remaining} left' },
  forcedUcs2: { ru: 'Символы, из-за которых сообщение в UCS-2: {chars}', en: 'Characters that force UCS-2: {chars}' },
  sentSms: { ru: 'Отправленные СМС', en: 'Sent SMS' },
  noSentSms: { ru: 'СМС этому контакту ещё не отправлялись', en: 'No SMS sent to this contact yet' },
  colDate: { ru: 'Дата', en: 'Date' },
  colPhone: { ru: 'Номер', en: 'Number' },
  colText: { ru: 'Текст', en: 'Text' },
  colParts: { ru: 'СМС', en: 'Parts' },
  colStatus: { ru: 'Статус', en: 'Status' },
  colCost: { ru: 'Стоимость', en: 'Cost' },
  colMailing: { ru: 'СМС рассылка', en: 'Mailing' },
  refresh: { ru: 'Обновить', en: 'Refresh' },
  emptyText: { ru: 'Введите текст сообщения', en: 'Type the message text' },
  optionsTitle: { ru: 'CRM SMS — настройки', en: 'CRM SMS — settings' },
  relayUrl: { ru: 'Адрес сервера CRM SMS', en: 'CRM SMS relay address' },
  token: { ru: 'Токен доступа', en: 'Access token' },
  tokenHint: { ru: 'Выдаёт администратор сервера: npm run relay -- token create', en: 'Your relay admin creates it: npm run relay -- token create' },
  defaultCountry: { ru: 'Страна по умолчанию для номеров без кода', en: 'Default country for numbers without a country code' },
  language: { ru: 'Язык', en: 'Language' },
  languageAuto: { ru: 'Как в браузере', en: 'As the browser' },
  sites: { ru: 'Сайты CRM', en: 'CRM sites' },
  sitesHint: { ru: 'Кнопка SMS появляется только на этих сайтах. «Любая страница» включает распознавание телефонов на страницах, которые расширение не знает.', en: 'The SMS button appears on these sites only. "Any page" turns on phone detection on pages the extension does not know.' },
  siteGeneric: { ru: 'Любая страница', en: 'Any page' },
  siteRemove: { ru: 'Убрать', en: 'Remove' },
  siteAdd: { ru: 'Добавить сайт', en: 'Add site' },
  sitePlaceholder: { ru: 'https://crm.example.com', en: 'https://crm.example.com' },
  siteInvalid: { ru: 'Введите адрес сайта, например https://crm.example.com', en: 'Type a site address such as https://crm.example.com' },
  siteDenied: { ru: 'Браузер не дал доступ к сайту', en: 'The browser did not grant access to the site' },
  save: { ru: 'Сохранить', en: 'Save' },
  saved: { ru: 'Сохранено', en: 'Saved' },
  checkConnection: { ru: 'Проверить подключение', en: 'Test connection' },
  checking: { ru: 'Проверка…', en: 'Checking…' },
  connectionOk: { ru: 'Подключение установлено: сервер доступен, токен действителен ({user}, {role}), оператор {provider}: {credentials}', en: 'Connected: the relay is reachable, the token is valid ({user}, {role}), provider {provider}: {credentials}' },
  credentialsOk: { ru: 'ключи приняты', en: 'credentials accepted' },
  credentialsNotChecked: { ru: 'проверка ключей не поддерживается', en: 'credentials cannot be checked' },
  serviceCheck: { ru: 'Проверка доступности сервера', en: 'Check service availability' },
  balanceCheck: { ru: 'Проверка баланса', en: 'Check balance' },
  balanceResult: { ru: 'Баланс: {balance} {currency}', en: 'Balance: {balance} {currency}' },
  openOptions: { ru: 'Настройки', en: 'Settings' },
} as const;

export type TextKey = keyof typeof TEXTS;

/** The text in a language, with {placeholders} filled. */
export function translate(language: Language, key: TextKey, values: Record<string, string | number> = {}): string {
  return TEXTS[key][language].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export const pickError = (language: Language, error: { message: string; messageRu: string }): string =>
  language === 'ru' ? error.messageRu : error.message;
