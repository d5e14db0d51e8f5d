/**
 * Text as a person compares it: trimmed, spaces collapsed, case and ё/е ignored. toLowerCase() is
 * the Russian locale's lowercase (only Turkish, Azeri and Lithuanian differ) at a third of the cost.
 * Filters compare it in memory (relay/groups) and the PostgreSQL store keeps each field in this form.
 */
export function comparable(text: string | null | undefined): string {
  if (!text) return '';
  return text.trim().replace(/\s+/g, ' ').toLowerCase().replaceAll('ё', 'е');
}
