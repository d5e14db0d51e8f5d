import type { HealthView } from '../../shared/adapter-overrides';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { AdapterHealthStore } from '../store/adapter-health';
import type { AdapterOverrideStore } from '../store/adapter-overrides';
import { addReport, checkHealthReport, healthView, type CheckedHealthReport, type HealthOutcome } from './health-counts';

const byKey = (a: HealthView, b: HealthView) => a.site.localeCompare(b.site) || a.adapter.localeCompare(b.adapter);

/**
 * Selector health: the extensions' counts added up per site, adapter and field, for the admin to read.
 * A change of the pair's override (through the API or the CLI) starts the counting anew.
 */
export function createHealthService({ health, overrides, clock, logger }: { health: AdapterHealthStore; overrides: AdapterOverrideStore; clock: Clock; logger: Logger }) {
  const rulesChanged = async () => {
    const changed = new Map<string, string>();
    for (const o of await overrides.all()) changed.set(`${o.site} ${o.adapter}`, o.updatedAt);
    return (site: string, adapter: string) => changed.get(`${site} ${adapter}`);
  };
  return {
    /** Counts a report once it is on disk (InvalidAdapterInput in words for a report that does not add up). */
    async report(input: CheckedHealthReport): Promise<void> {
      const report = checkHealthReport(input);
      const at = new Date(clock.now()).toISOString();
      const changedAt = (await rulesChanged())(report.site, report.adapter);
      let outcome: HealthOutcome = { uncounted: [] };
      await health.change((sites) => void (outcome = addReport(sites, report, at, changedAt)));
      if (outcome.evicted) {
        logger.warn(
          `selector health: counting ${report.site} (${report.adapter}) dropped the counts of ${outcome.evicted.site} (${outcome.evicted.adapter}), reported least recently, to stay within its limit of sites`,
        );
      }
    },

    async views(): Promise<HealthView[]> {
      const changedAt = await rulesChanged();
      return health
        .all()
        .map((record) => healthView(record, changedAt(record.site, record.adapter)))
        .sort(byKey);
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
