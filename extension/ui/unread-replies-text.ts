import { translate, type Language } from '../i18n/texts';

/** «1 непрочитанный ответ», «3 непрочитанных ответа», «5 непрочитанных ответов»; "1 unread reply", "3 unread replies". */
export function unreadRepliesText(count: number, language: Language): string {
  const plural = new Intl.PluralRules(language === 'ru' ? 'ru-RU' : 'en-GB').select(count);
  const key = plural === 'one' ? 'unreadRepliesOne' : plural === 'few' ? 'unreadRepliesFew' : 'unreadRepliesMany';
  return translate(language, key, { count });
}
