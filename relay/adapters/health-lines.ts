import type { HealthView, ReadLayer } from '../../shared/adapter-overrides';

const LAYER_WORDS: Record<ReadLayer, string> = {
  override: 'the site override',
  adapter: 'the adapter',
  'page-global': 'a page global',
  fallback: 'the fallback',
  composed: 'composition',
};

/** 12.11.2026, in the time zone of whoever reads it. */
export const dayOf = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
};

/**
 * Selector health in words, worst field first: "creatio phones: not found on 37 of 40 cards since
 * 12.11.2026; read by the adapter on 3".
 */
export function healthLines(sites: readonly HealthView[]): string[] {
  if (sites.length === 0) return ['No selector health reported yet: the extensions report once they have read contact cards.'];
  const lines: string[] = [];
  for (const { site, adapter, since, cards, fields } of sites) {
    const day = dayOf(since);
    lines.push(`${site} (${adapter}): ${cards} card${cards === 1 ? '' : 's'} read since ${day}`);
    const worstFirst = Object.entries(fields).sort(([a, x], [b, y]) => y.missing - x.missing || a.localeCompare(b));
    for (const [field, { read, missing }] of worstFirst) {
      const readBy = Object.entries(read)
        .filter(([, n]) => n > 0)
        .map(([layer, n]) => `${LAYER_WORDS[layer as ReadLayer] ?? layer} on ${n}`)
        .join(', ');
      const found = missing > 0 ? `not found on ${missing} of ${cards} cards since ${day}` : `found on every card since ${day}`;
      lines.push(`  ${adapter} ${field}: ${found}${readBy ? `; read by ${readBy}` : ''}`);
    }
  }
  return lines;
}
