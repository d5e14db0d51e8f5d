import { READ_LAYERS, type HealthView, type ReadLayer } from '../../shared/adapter-overrides';
import type { HealthRecord } from '../store/adapter-health';
import { InvalidAdapterInput } from './invalid-input';
import { normalOrigin } from './site-origin';

/** The (site, adapter) pairs a relay counts; a report for a new pair beyond this drops the pair reported least recently. */
export const MAX_HEALTH_PAIRS = 200;
/** Field names counted per pair; a report's further new fields are not counted (the rest of the report is). */
export const MAX_HEALTH_FIELDS = 50;

export interface CheckedHealthReport {
  site: string;
  adapter: string;
  cards: number;
  fields: Record<string, { read: Partial<Record<ReadLayer, number>>; missing: number }>;
}

/** Seven digits in a row (spaces, dashes, brackets between them) or an @: a phone number or an e-mail address. */
const CONTACT_SHAPED = /\d(?:[\s().+-]*\d){6}|@/;

/**
 * What the schema cannot say about a report: no count is larger than the cards it counts, no field
 * name looks like a contact's phone or e-mail (a report carries counts only), and the site is written
 * as the browser writes it. Throws InvalidAdapterInput in words.
 */
export function checkHealthReport(report: CheckedHealthReport): CheckedHealthReport {
  const site = normalOrigin(report.site);
  if (!site) throw InvalidAdapterInput.at('site', 'must be an origin such as https://crm.example.com');
  for (const [name, counts] of Object.entries(report.fields)) {
    if (CONTACT_SHAPED.test(name)) {
      throw InvalidAdapterInput.at('fields', 'a field name looks like a phone number or an e-mail address; a health report carries counts only, never contact data');
    }
    const over = [...Object.entries(counts.read), ['missing', counts.missing] as const].find(([, n]) => (n ?? 0) > report.cards);
    if (over) {
      const [what, n] = over;
      throw InvalidAdapterInput.at(`fields.${name}.${what === 'missing' ? 'missing' : `read.${what}`}`, `${n} is more than the ${report.cards} cards the report counts`);
    }
  }
  return { ...report, site };
}

export interface HealthOutcome {
  /** The pair dropped to make room, if one was. */
  evicted?: { site: string; adapter: string };
  /** Fields of the report not counted because the pair already counts MAX_HEALTH_FIELDS. */
  uncounted: string[];
}

/**
 * Adds a checked report to the records, in place (deterministic: the store runs it twice). Counts
 * made before `rulesChangedAt` (the pair's override was last changed then) are dropped first: they
 * tell of rules that are no longer read.
 */
export function addReport(sites: HealthRecord[], report: CheckedHealthReport, at: string, rulesChangedAt?: string): HealthOutcome {
  const outcome: HealthOutcome = { uncounted: [] };
  let record = sites.find((s) => s.site === report.site && s.adapter === report.adapter);
  if (record && rulesChangedAt && record.since < rulesChangedAt) Object.assign(record, { since: at, cards: 0, fields: {} });
  if (!record) {
    if (sites.length >= MAX_HEALTH_PAIRS) {
      const oldest = sites.reduce((a, b) => (b.lastReportAt < a.lastReportAt ? b : a));
      sites.splice(sites.indexOf(oldest), 1);
      outcome.evicted = { site: oldest.site, adapter: oldest.adapter };
    }
    record = { site: report.site, adapter: report.adapter, since: at, lastReportAt: at, cards: 0, fields: {} };
    sites.push(record);
  }
  record.cards += report.cards;
  record.lastReportAt = at;
  for (const [name, counts] of Object.entries(report.fields)) {
    let field = Object.hasOwn(record.fields, name) ? record.fields[name] : undefined;
    if (!field) {
      if (Object.keys(record.fields).length >= MAX_HEALTH_FIELDS) {
        outcome.uncounted.push(name);
        continue;
      }
      field = { read: {}, missing: 0 };
      record.fields[name] = field;
    }
    for (const layer of READ_LAYERS) {
      const n = counts.read[layer];
      if (n) field.read[layer] = (field.read[layer] ?? 0) + n;
    }
    field.missing += counts.missing;
  }
  return outcome;
}

/** A record as served; counts from before the pair's rules last changed show as none, counting from that change. */
export function healthView({ site, adapter, since, cards, fields }: HealthRecord, rulesChangedAt?: string): HealthView {
  if (rulesChangedAt && since < rulesChangedAt) return { site, adapter, since: rulesChangedAt, cards: 0, fields: {} };
  return { site, adapter, since, cards, fields };
}
