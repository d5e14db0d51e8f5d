import type { Language } from './texts';

const LOCALES: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB' };
const money = new Map<string, Intl.NumberFormat>();

/**
 * An amount of money as the UI language writes it: «7,50 ₽», "RUB 7.50" / "₽7.50", "$0.0079".
 * Providers give ISO codes (RUB, USD, KZT); an unknown or missing code gives the bare number.
 */
export function formatMoney(amount: number, currency: string | null | undefined, language: Language): string {
  const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : null;
  const key = `${language} ${code ?? ''}`;
  let format = money.get(key);
  if (!format) {
    format = new Intl.NumberFormat(
      LOCALES[language],
      code
        ? { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 4 }
        : { minimumFractionDigits: 2, maximumFractionDigits: 4 },
    );
    money.set(key, format);
  }
  return format.format(amount);
}

/** A whole or fractional count as the UI language writes it: «1 502», "1,502". */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 2 }).format(value);
}
