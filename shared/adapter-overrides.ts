import { z } from 'zod';
import { PHONE_TYPES } from './api';

/**
 * Per-site reading rules a team fixes without a release: the relay keeps them (admin edits them), the
 * extension merges them over its bundled adapter (override rules are tried first) and caches them.
 * Rules are data only, the same shapes as the bundled adapters' rules (extension/crm/types.ts).
 */

/** Fields the extension reads into a contact; `extraFields` adds named custom fields beside them. */
export const OVERRIDE_TEXT_FIELDS = ['name', 'firstName', 'lastName', 'account', 'owner', 'currentUser', 'email', 'city'] as const;

const selector = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
const words = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const readerSchema = z.union([
  z.enum(['text', 'value', 'checked', 'tel']),
  z.string().regex(/^attr:[A-Za-z_][-A-Za-z0-9_:.]{0,80}$/, 'must be text, value, checked, tel or attr:<attribute name>'),
]);

export const cssRuleSchema = z.strictObject({ css: selector, read: readerSchema, layout: words(200).default('site override') });
export const labelRuleSchema = z.strictObject({
  field: selector,
  label: selector,
  texts: z.array(words(200)).min(1, 'must name at least one label text').max(20),
  value: selector,
  read: readerSchema,
  layout: words(200).default('site override'),
});
export const overrideRuleSchema = z.union([labelRuleSchema, cssRuleSchema]);
const rules = z.array(overrideRuleSchema).min(1).max(10, 'must have at most 10 rules');

/** A custom field, stored on the contact as `fields[label]` and usable as a macro. */
export const extraFieldSchema = z.strictObject({ label: words(100), rules });

export const siteOverrideSchema = z.strictObject({
  /** The CRM site's origin, e.g. `https://acme.creatio.com` (scheme, host, port; no path). */
  site: z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be an origin such as https://crm.example.com'),
  /** A bundled adapter's id (creatio, bitrix24, …), or `generic` for a site no adapter knows. */
  adapter: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be an adapter id such as creatio'),
  fields: z.partialRecord(z.enum(OVERRIDE_TEXT_FIELDS), rules).default({}),
  phones: z
    .array(z.strictObject({ rule: overrideRuleSchema, type: z.enum(PHONE_TYPES).default('other') }))
    .max(10)
    .default([]),
  doNotUseSms: z.array(overrideRuleSchema).max(10).default([]),
  extraFields: z.array(extraFieldSchema).max(20).default([]),
  /** Optional note for the team: why the override exists. */
  note: z.string().max(500).optional(),
});
export type SiteOverrideInput = z.input<typeof siteOverrideSchema>;
export type SiteOverride = z.output<typeof siteOverrideSchema>;
export type OverrideRule = z.output<typeof overrideRuleSchema>;

/** As the relay serves it. */
export interface SiteOverrideView extends SiteOverride {
  updatedAt: string;
  updatedBy: string;
}

/** Which layer of rules read a field: a site override, the bundled adapter, a page global, a fallback inside the card. */
export const READ_LAYERS = ['override', 'adapter', 'page-global', 'fallback', 'composed'] as const;
export type ReadLayer = (typeof READ_LAYERS)[number];

/** Selector health, as the extension reports it: counts only, never contact data. */
export const healthReportSchema = z.strictObject({
  site: siteOverrideSchema.shape.site,
  adapter: siteOverrideSchema.shape.adapter,
  /** Contact cards read since the last report. */
  cards: z.number().int().min(1).max(1_000_000),
  /** Per field (a text field, `phones`, `doNotUseSms` or an extra field's label): cards read by each layer, and not read at all. */
  fields: z
    .record(
      z.string().min(1).max(100),
      z.strictObject({
        read: z.partialRecord(z.enum(READ_LAYERS), z.number().int().min(0).max(1_000_000)).default({}),
        missing: z.number().int().min(0).max(1_000_000).default(0),
      }),
    )
    .refine((fields) => Object.keys(fields).length <= 40, 'must have at most 40 fields'),
});
export type HealthReport = z.input<typeof healthReportSchema>;

/**
 * The HTTP contract (relay/routes/adapters.ts serves it, the extension's background calls it):
 * - `GET /api/adapters[?site=<origin>]` (any token): `{ overrides: SiteOverrideView[] }`, with an `ETag`; `If-None-Match` → 304.
 * - `PUT /api/adapters` (admin): body `SiteOverrideInput`; one override per (site, adapter), replaced whole → the view.
 * - `DELETE /api/adapters?site=<origin>&adapter=<id>` (admin) → 204, 404 when there is none.
 * - `POST /api/adapters/health` (agent or higher): body `HealthReport` → 204; counts are added up per site, adapter and field.
 * - `GET /api/adapters/health` (admin): `{ sites: HealthView[] }`.
 */
export interface HealthView {
  site: string;
  adapter: string;
  /** When counting began (the first report), ISO time. */
  since: string;
  cards: number;
  fields: Record<string, { read: Partial<Record<ReadLayer, number>>; missing: number }>;
}
