import type { HealthReport, SiteOverrideInput } from '../../shared/adapter-overrides';
import type { CallOptions, RelayTransport } from './relay-transport';
import { mapResult as map } from './result';

/** The relay's per-site reading overrides and selector health (shared/adapter-overrides.ts has the contract). */
export function adapterRelayMethods({ json, ifChanged }: RelayTransport) {
  return {
    /** The team's overrides for a site, revalidated by the ETag of the last answer. */
    siteOverrides: (site: string, etag: string | null, options?: CallOptions) => ifChanged((api) => api.adapters.$get({ query: { site } }), etag, options),
    saveSiteOverride: (override: SiteOverrideInput) => json((api) => api.adapters.$put({ json: override })),
    removeSiteOverride: async (site: string, adapter: string) => map(await json((api) => api.adapters.$delete({ query: { site, adapter } })), () => null),
    reportHealth: async (report: HealthReport) => map(await json((api) => api.adapters.health.$post({ json: report })), () => null),
    adapterHealth: async () => map(await json((api) => api.adapters.health.$get()), (v) => v.sites),
  };
}
