/** Texts that the manual fixes word for word, with their English twins. */
export const NOT_SUPPORTED = {
  ru: 'Данная функция недоступна у текущего оператора',
  en: 'This function is not available for the current operator',
} as const;

export const MESSAGE_SENT = { ru: 'Сообщение отправлено', en: 'Message sent' } as const;
export const MAILING_LAUNCHED = { ru: 'Рассылка запущена', en: 'Mailing launched' } as const;
export const SMS_COST = { ru: 'Стоимость СМС', en: 'SMS cost' } as const;
