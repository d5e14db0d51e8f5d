/**
 * The provider-neutral error catalogue. Each provider adapter maps its own codes onto these.
 *  - retryable: try the same message again later (service down, timeout);
 *  - permanent: this message / number will not go, the others may;
 *  - stop: nothing will go until a human acts (credentials, funds, sender).
 */
export type ErrorClass = 'retryable' | 'permanent' | 'stop';

interface CatalogueEntry {
  errorClass: ErrorClass;
  /** The HTTP status the relay answers with when a single send ends in this error. */
  httpStatus: number;
  ru: string;
  en: string;
}

export const PROVIDER_ERRORS = {
  auth_failed: {
    errorClass: 'stop',
    httpStatus: 502,
    ru: 'Оператор не принял ключ доступа: проверьте настройки провайдера на сервере',
    en: 'The provider rejected the relay credentials: check the provider settings on the relay',
  },
  insufficient_funds: {
    errorClass: 'stop',
    httpStatus: 402,
    ru: 'Недостаточно средств на счёте у оператора',
    en: 'Insufficient funds on the provider account',
  },
  sender_not_approved: {
    errorClass: 'stop',
    httpStatus: 502,
    ru: 'Имя отправителя не согласовано у оператора',
    en: 'The sender name is not approved by the provider',
  },
  limit_reached: {
    errorClass: 'stop',
    httpStatus: 429,
    ru: 'Достигнут лимит отправки у оператора',
    en: 'The provider sending limit has been reached',
  },
  blocked_by_provider: {
    errorClass: 'stop',
    httpStatus: 502,
    ru: 'Оператор заблокировал отправку (антифрод или блокировка доступа)',
    en: 'The provider blocked sending (anti-fraud or access block)',
  },
  invalid_number: {
    errorClass: 'permanent',
    httpStatus: 422,
    ru: 'Оператор не принял номер получателя',
    en: 'The provider rejected the recipient number',
  },
  no_route: {
    errorClass: 'permanent',
    httpStatus: 422,
    ru: 'Оператор не может доставить СМС на этот номер',
    en: 'The provider has no route to this number',
  },
  number_blocked: {
    errorClass: 'permanent',
    httpStatus: 422,
    ru: 'Номер в стоп-листе или заблокирован у оператора',
    en: 'The number is on a stop list or blocked by the provider',
  },
  opted_out: {
    errorClass: 'permanent',
    httpStatus: 422,
    ru: 'Получатель отписался: номер в стоп-листе оператора',
    en: "The recipient opted out: the number is on the provider's stop list",
  },
  number_limit: {
    errorClass: 'permanent',
    httpStatus: 429,
    ru: 'Превышен лимит сообщений на этот номер',
    en: 'Too many messages to this number',
  },
  text_rejected: {
    errorClass: 'permanent',
    httpStatus: 422,
    ru: 'Оператор не принял текст сообщения',
    en: 'The provider rejected the message text',
  },
  text_too_long: {
    errorClass: 'permanent',
    httpStatus: 422,
    ru: 'Сообщение слишком длинное для оператора',
    en: 'The message is too long for the provider',
  },
  request_rejected: {
    errorClass: 'permanent',
    httpStatus: 502,
    ru: 'Оператор отклонил запрос',
    en: 'The provider rejected the request',
  },
  service_unavailable: {
    errorClass: 'retryable',
    httpStatus: 503,
    ru: 'Сервис оператора временно недоступен',
    en: 'The provider service is temporarily unavailable',
  },
  timeout: {
    errorClass: 'retryable',
    httpStatus: 504,
    ru: 'Оператор не ответил вовремя',
    en: 'The provider did not answer in time',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ProviderErrorCode = keyof typeof PROVIDER_ERRORS;
