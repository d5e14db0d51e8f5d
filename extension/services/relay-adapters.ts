import type { HealthReport, HealthView, SiteOverrideInput, SiteOverrideView } from '../../shared/adapter-overrides';
import type { CallOptions, ConditionalGet, RelayCall } from './relay-client';
import { mapResult as map } from './result';

const enc = encodeURIComponent;

/** The relay's per-site reading overrides and selector health (shared/adapter-overrides.ts has the contract). */
export function adapterRelayMethods(call: RelayCall, getIfChanged: ConditionalGet) {
  return {
    /** The team's overrides for a site, revalidated by the ETag of the last answer. */
    siteOverrides: (site: string, etag: string | null, options?: CallOptions) =>
      getIfChanged<{ overrides: SiteOverrideView[] }>(`/api/adapters?site=${enc(site)}`, etag, options),
    saveSiteOverride: (override: SiteOverrideInput) => call<SiteOverrideView>('PUT', '/api/adapters', override),
    removeSiteOverride: async (site: string, adapter: string) =>
      map(await call<unknown>('DELETE', `/api/adapters?site=${enc(site)}&adapter=${enc(adapter)}`), () => null),
    reportHealth: async (report: HealthReport) => map(await call<unknown>('POST', '/api/adapters/health', report), () => null),
    adapterHealth: async () => map(await call<{ sites: HealthView[] }>('GET', '/api/adapters/health'), (v) => v.sites),
  };
}
