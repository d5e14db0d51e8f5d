import type { RecipientState } from './mailings';
import type { ProviderId } from './providers';
import { STATUS_LABELS } from './status';

/** Texts that the manual fixes word for word, with their English twins. */
export const NOT_SUPPORTED = {
  ru: 'Данная функция недоступна у текущего оператора',
  en: 'This function is not available for the current operator',
} as const;

export const MESSAGE_SENT = { ru: 'Сообщение отправлено', en: 'Message sent' } as const;
export const MAILING_LAUNCHED = { ru: 'Рассылка запущена', en: 'Mailing launched' } as const;
export const SMS_COST = { ru: 'Стоимость СМС', en: 'SMS cost' } as const;

export type Language = 'ru' | 'en';
export type Words = { ru: string; en: string };

/** A recipient's state in a mailing as the analytics and the CSV export name it: a message's status, or skipped. */
export const RECIPIENT_STATE_LABELS: Record<RecipientState, Words> = { ...STATUS_LABELS, skipped: { ru: 'Пропущено', en: 'Skipped' } };

/** Column names the UI's tables and the recipients CSV share. */
export const COLUMN_WORDS = {
  date: { ru: 'Дата', en: 'Date' },
  phone: { ru: 'Номер', en: 'Number' },
  text: { ru: 'Текст', en: 'Text' },
  parts: { ru: 'СМС', en: 'Parts' },
  status: { ru: 'Статус', en: 'Status' },
  cost: { ru: 'Стоимость', en: 'Cost' },
  name: { ru: 'ФИО', en: 'Full name' },
} as const satisfies Record<string, Words>;

/** The relay's token roles in words (the relay's own ids are agent, marketer, admin). */
export const ROLE_LABELS: Record<string, Words> = {
  agent: { ru: 'менеджер', en: 'agent' },
  marketer: { ru: 'маркетолог', en: 'marketer' },
  admin: { ru: 'администратор', en: 'administrator' },
};

/** The providers by name, in the UI's language (the relay answers their ids). */
export const PROVIDER_NAMES: Record<ProviderId, Words> = {
  sandbox: { ru: 'Песочница (ничего не отправляет)', en: 'Sandbox (sends nothing)' },
  smsru: { ru: 'SMS.ru', en: 'SMS.ru' },
  smsc: { ru: 'SMSC.ru', en: 'SMSC.ru' },
  smsaero: { ru: 'SMS Aero', en: 'SMS Aero' },
  twilio: { ru: 'Twilio', en: 'Twilio' },
};

/** A provider's name for the UI: from the table above, the relay's own name or id otherwise. */
export const providerName = (id: string, language: Language, fallback?: string): string =>
  (PROVIDER_NAMES as Record<string, Words | undefined>)[id]?.[language] ?? fallback ?? id;
