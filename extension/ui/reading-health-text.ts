import type { HealthView, ReadLayer } from '../../shared/adapter-overrides';
import { translate, type Language, type TextKey } from '../i18n/texts';

const FIELD_NAMES: Record<string, TextKey> = {
  name: 'readFieldName',
  firstName: 'readFieldFirstName',
  lastName: 'readFieldLastName',
  account: 'readFieldAccount',
  owner: 'readFieldOwner',
  currentUser: 'readFieldCurrentUser',
  email: 'readFieldEmail',
  city: 'readFieldCity',
  phones: 'readFieldPhones',
  doNotUseSms: 'readFieldDoNotUseSms',
};

const LAYER_NAMES: Record<ReadLayer, TextKey> = {
  override: 'readLayerOverride',
  adapter: 'readLayerAdapter',
  'page-global': 'readLayerPageGlobal',
  fallback: 'readLayerFallback',
  composed: 'readLayerComposed',
};

export interface HealthLine {
  field: string;
  missing: number;
  text: string;
}

/**
 * One site's health in words, a line per field, the most often missed first:
 * «Creatio · телефоны: не найдено на 37 из 40 карточек с 12.11 (правило адаптера: 3)».
 */
export function healthLines(view: HealthView, language: Language, adapterName: string): HealthLine[] {
  const since = new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', { day: '2-digit', month: '2-digit' }).format(new Date(view.since));
  const plural = new Intl.PluralRules(language === 'ru' ? 'ru-RU' : 'en-GB').select(view.cards);
  const cardsWord = translate(language, plural === 'one' ? 'readCardsOne' : 'readCardsMany');
  return Object.entries(view.fields)
    .map(([field, counts]) => {
      const values = {
        adapter: adapterName,
        field: FIELD_NAMES[field] ? translate(language, FIELD_NAMES[field]) : field,
        missing: counts.missing,
        read: view.cards - counts.missing,
        cards: view.cards,
        cardsWord,
        since,
      };
      const layers = (Object.entries(counts.read) as [ReadLayer, number][])
        .filter(([, n]) => n > 0)
        .map(([layer, n]) => `${LAYER_NAMES[layer] ? translate(language, LAYER_NAMES[layer]) : layer}: ${n}`)
        .join(', ');
      const text = translate(language, counts.missing > 0 ? 'readHealthMissing' : 'readHealthAllRead', values);
      return { field, missing: counts.missing, text: layers ? `${text} (${layers})` : text };
    })
    .sort((a, b) => b.missing - a.missing || a.field.localeCompare(b.field));
}
