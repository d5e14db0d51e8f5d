import { displayPhone } from '../../shared/phone-display';
import type { StopListEntry } from '../../shared/stop-list';

/** «24.11.2026 13:00 (UTC)»: the relay cannot know the reader's zone, so the zone is named. */
function when(iso: string): { en: string; ru: string } {
  const [date = '', time = ''] = iso.split('T');
  const [year, month, day] = date.split('-');
  const hhmm = time.slice(0, 5);
  return { en: `${date} ${hhmm} UTC`, ru: `${day}.${month}.${year} ${hhmm} (UTC)` };
}

function how(entry: StopListEntry): { en: string; ru: string } {
  switch (entry.source) {
    case 'reply': {
      // A reply's reason is its own words («Стоп!»), said in place of the keyword.
      const words = entry.reason ?? '«СТОП»';
      return { en: `by the reply ${words} from the number (via ${entry.addedBy})`, ru: `ответом ${words} с этого номера (через ${entry.addedBy})` };
    }
    case 'agent':
      return { en: `by ${entry.addedBy} from a contact card`, ru: `сотрудником ${entry.addedBy} из карточки контакта` };
    case 'csv':
      return { en: `by a CSV import (${entry.addedBy})`, ru: `импортом из CSV (${entry.addedBy})` };
    case 'provider':
      return { en: `from the stop list of ${entry.addedBy}`, ru: `из стоп-листа оператора ${entry.addedBy}` };
    case 'crm':
      return { en: 'from the CRM\'s "do not use SMS" flag', ru: 'по флагу «Не использовать SMS» в CRM' };
  }
}

/** «+7 912 345 67 89 в стоп-листе с 24.11.2026 10:00 (UTC): добавлен ответом «СТОП» с этого номера (причина: …)». */
export function optedOutWords(entry: StopListEntry): { en: string; ru: string } {
  const at = when(entry.addedAt);
  const by = how(entry);
  const phone = displayPhone(entry.phone);
  const reason = entry.reason && entry.source !== 'reply' ? { en: ` (reason: ${entry.reason})`, ru: ` (причина: ${entry.reason})` } : { en: '', ru: '' };
  return {
    en: `${phone} opted out: it has been on the stop list since ${at.en}, added ${by.en}${reason.en}`,
    ru: `${phone} отказался от рассылок: номер в стоп-листе с ${at.ru}, добавлен ${by.ru}${reason.ru}`,
  };
}
