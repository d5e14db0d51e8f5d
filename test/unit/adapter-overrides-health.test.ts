import { describe, expect, it } from 'vitest';
import { addReport, checkHealthReport, MAX_HEALTH_FIELDS, MAX_HEALTH_PAIRS, type CheckedHealthReport } from '../../relay/adapters/health-counts';
import { healthLines } from '../../relay/adapters/health-lines';
import type { HealthRecord } from '../../relay/store/adapter-health';

const report = (over: Partial<CheckedHealthReport> = {}): CheckedHealthReport => ({
  site: 'https://acme.creatio.com',
  adapter: 'creatio',
  cards: 10,
  fields: { phones: { read: { adapter: 1 }, missing: 9 } },
  ...over,
});

describe('selector health counts', () => {
  it('add up per site, adapter and field; since stays the first report', () => {
    const sites: HealthRecord[] = [];
    addReport(sites, report(), '2026-11-12T09:00:00.000Z');
    addReport(
      sites,
      report({ cards: 30, fields: { phones: { read: { adapter: 2, fallback: 1 }, missing: 27 }, name: { read: { adapter: 30 }, missing: 0 } } }),
      '2026-11-13T09:00:00.000Z',
    );
    addReport(sites, report({ adapter: 'generic', cards: 1, fields: {} }), '2026-11-13T10:00:00.000Z');
    expect(sites).toEqual([
      {
        site: 'https://acme.creatio.com',
        adapter: 'creatio',
        since: '2026-11-12T09:00:00.000Z',
        lastReportAt: '2026-11-13T09:00:00.000Z',
        cards: 40,
        fields: { phones: { read: { adapter: 3, fallback: 1 }, missing: 36 }, name: { read: { adapter: 30 }, missing: 0 } },
      },
      { site: 'https://acme.creatio.com', adapter: 'generic', since: '2026-11-13T10:00:00.000Z', lastReportAt: '2026-11-13T10:00:00.000Z', cards: 1, fields: {} },
    ]);
  });

  it(`keeps at most ${MAX_HEALTH_PAIRS} site/adapter pairs: a new one drops the pair reported least recently`, () => {
    const sites: HealthRecord[] = [];
    for (let i = 0; i < MAX_HEALTH_PAIRS; i++) {
      addReport(sites, report({ site: `https://s${i}.example.com` }), new Date(Date.UTC(2026, 0, 1, 0, 0, MAX_HEALTH_PAIRS - i)).toISOString());
    }
    const oldest = sites.at(-1)!.site;
    expect(addReport(sites, report({ site: 'https://new.example.com' }), '2026-02-01T00:00:00.000Z')).toEqual({
      evicted: { site: oldest, adapter: 'creatio' },
      uncounted: [],
    });
    expect(sites).toHaveLength(MAX_HEALTH_PAIRS);
    expect(sites.map((s) => s.site)).toContain('https://new.example.com');
    expect(sites.map((s) => s.site)).not.toContain(oldest);
    // Positive control: a pair already counted is added to, nothing is dropped.
    expect(addReport(sites, report({ site: 'https://s0.example.com' }), '2026-02-02T00:00:00.000Z')).toEqual({ uncounted: [] });
    expect(sites.find((s) => s.site === 'https://s0.example.com')!.cards).toBe(20);
  });

  it(`counts at most ${MAX_HEALTH_FIELDS} fields per pair; the rest of such a report is still counted`, () => {
    const sites: HealthRecord[] = [];
    const many = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Поле ${from + i}`, { read: {}, missing: 1 }]));
    addReport(sites, report({ fields: many(0, 40) }), '2026-11-12T09:00:00.000Z');
    const outcome = addReport(sites, report({ fields: { ...many(0, 1), ...many(40, 20) } }), '2026-11-12T10:00:00.000Z');
    expect(outcome.uncounted).toHaveLength(10);
    expect(Object.keys(sites[0]!.fields)).toHaveLength(MAX_HEALTH_FIELDS);
    expect(sites[0]!.fields['Поле 0']!.missing).toBe(2);
    expect(sites[0]!.cards).toBe(20);
  });

  it('refuses a report whose counts are larger than its cards, or whose field names look like contact data', () => {
    expect(() => checkHealthReport(report({ fields: { phones: { read: {}, missing: 11 } } }))).toThrow(
      'Field "fields.phones.missing": 11 is more than the 10 cards the report counts',
    );
    expect(() => checkHealthReport(report({ fields: { name: { read: { fallback: 12 }, missing: 0 } } }))).toThrow(
      'Field "fields.name.read.fallback": 12 is more than the 10 cards',
    );
    for (const name of ['+7 912 345-67-89', '89123456789', 'ivan@example.com']) {
      expect(() => checkHealthReport(report({ fields: { [name]: { read: {}, missing: 1 } } }))).toThrow(
        'Field "fields": a field name looks like a phone number or an e-mail address',
      );
    }
    // Positive control: ordinary names, counts up to the cards, and the site written as the browser writes it.
    expect(
      checkHealthReport(
        report({ site: 'https://ACME.creatio.com:443', fields: { 'Город доставки': { read: { override: 10 }, missing: 0 }, phones: { read: {}, missing: 10 } } }),
      ).site,
    ).toBe('https://acme.creatio.com');
  });

  it('reads in words, worst field first', () => {
    // Noon UTC: the same day in every time zone the CLI is likely to run in.
    const lines = healthLines([
      {
        site: 'https://acme.creatio.com',
        adapter: 'creatio',
        since: '2026-11-12T12:00:00.000Z',
        cards: 40,
        fields: { name: { read: { adapter: 38, fallback: 2 }, missing: 0 }, phones: { read: { adapter: 3 }, missing: 37 } },
      },
    ]);
    expect(lines).toEqual([
      'https://acme.creatio.com (creatio): 40 cards read since 12.11.2026',
      '  creatio phones: not found on 37 of 40 cards since 12.11.2026; read by the adapter on 3',
      '  creatio name: found on every card since 12.11.2026; read by the adapter on 38, the fallback on 2',
    ]);
  });
});
