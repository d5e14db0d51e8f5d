/** Money in the relay's messages as each language writes it: «1 502,50 ₽», "₽1,502.50" (as the extension shows it). */
export function moneyWords(amount: number, currency: string | null): { en: string; ru: string } {
  return { en: format('en-GB', amount, currency), ru: format('ru-RU', amount, currency) };
}

function format(locale: string, amount: number, currency: string | null): string {
  const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : null;
  return new Intl.NumberFormat(
    locale,
    code
      ? { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 4 }
      : { minimumFractionDigits: 2, maximumFractionDigits: 4 },
  ).format(amount);
}
