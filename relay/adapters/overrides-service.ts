import type { SiteOverride, SiteOverrideView } from '../../shared/adapter-overrides';
import type { Clock } from '../clock';
import { DomainError } from '../domain/errors';
import type { AdapterOverrideStore } from '../store/adapter-overrides';
import { checkOverride } from './override-check';
import { normalOrigin } from './site-origin';

/** How many (site, adapter) overrides a relay keeps; one team has a handful. */
export const MAX_OVERRIDES = 500;

export class TooManyOverridesError extends DomainError {
  override name = 'TooManyOverridesError';

  constructor() {
    super('conflict', 'too_many_overrides', `The relay already keeps ${MAX_OVERRIDES} site overrides, the most it keeps; remove one that is no longer needed first`);
  }
}

const byKey = (a: SiteOverrideView, b: SiteOverrideView) => a.site.localeCompare(b.site) || a.adapter.localeCompare(b.adapter);

/** The team's per-site reading rules: listed for every extension, replaced and removed by an admin. */
export function createOverridesService({ overrides, clock }: { overrides: AdapterOverrideStore; clock: Clock }) {
  return {
    /** Every override, or those of one site (an origin as the browser writes it), in a stable order. */
    async list(site?: string): Promise<SiteOverrideView[]> {
      const all = await overrides.all();
      const origin = site === undefined ? undefined : (normalOrigin(site) ?? site);
      return all.filter((o) => origin === undefined || o.site === origin).sort(byKey);
    },

    /** Checks the override (InvalidAdapterInput in words) and stores it in place of the site's earlier one for that adapter. */
    async put(input: SiteOverride, by: string): Promise<{ view: SiteOverrideView; created: boolean }> {
      const override = checkOverride(input);
      const all = await overrides.all();
      const exists = all.some((o) => o.site === override.site && o.adapter === override.adapter);
      if (!exists && all.length >= MAX_OVERRIDES) throw new TooManyOverridesError();
      const view: SiteOverrideView = { ...override, updatedAt: new Date(clock.now()).toISOString(), updatedBy: by };
      const created = await overrides.put(view);
      return { view, created };
    },

    /** False when the site has no override for that adapter. */
    remove(site: string, adapter: string): Promise<boolean> {
      return overrides.remove(normalOrigin(site) ?? site, adapter);
    },
  };
}

export type OverridesService = ReturnType<typeof createOverridesService>;
