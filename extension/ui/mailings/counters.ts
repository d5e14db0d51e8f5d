import { SKIP_REASONS, SKIP_REASON_LABELS, skippedTotal, type MailingCounters } from '../../../shared/mailings';
import { STATUS_LABELS } from '../../../shared/status';
import { translateMailing, type Language } from '../../i18n/texts';

export interface CountRow {
  key: string;
  label: string;
  count: number;
  tone: 'pending' | 'good' | 'bad' | 'skipped';
}

const STATES = [
  ['queued', 'pending'],
  ['sending', 'pending'],
  ['sent', 'good'],
  ['delivered', 'good'],
  ['failed', 'bad'],
  ['unknown', 'bad'],
] as const;

/** Counts by status, skipped ones by reason: the rows of the analytics chart and table. */
export function countRows(counters: MailingCounters, language: Language): CountRow[] {
  const rows: CountRow[] = STATES.map(([state, tone]) => ({ key: state, label: STATUS_LABELS[state][language], count: counters[state] ?? 0, tone }));
  for (const reason of SKIP_REASONS) {
    rows.push({
      key: `skipped:${reason}`,
      label: translateMailing(language, 'skippedBecause', { reason: SKIP_REASON_LABELS[reason][language] }),
      count: counters.skipped?.[reason] ?? 0,
      tone: 'skipped',
    });
  }
  return rows;
}

/** Recipients handed to the provider or settled, of those to send (skipped ones are not to send). */
export function progressOf(counters: MailingCounters): { done: number; toSend: number; ratio: number } {
  const toSend = Math.max(0, counters.total - skippedTotal(counters.skipped));
  const done = counters.sent + counters.delivered + counters.failed + counters.unknown;
  return { done, toSend, ratio: toSend === 0 ? 0 : Math.min(1, done / toSend) };
}

export const percent = (ratio: number): number => Math.round(ratio * 100);
