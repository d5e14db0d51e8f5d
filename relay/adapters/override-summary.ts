import type { SiteOverride, SiteOverrideView } from '../../shared/adapter-overrides';

const rules = (n: number) => `${n} rule${n === 1 ? '' : 's'}`;

/** What an override changes, in words: "name (1 rule), phones (2 rules), extra fields «Город доставки»". */
export function overrideSummary(override: SiteOverride): string {
  const parts = Object.entries(override.fields).map(([field, list]) => `${field} (${rules(list?.length ?? 0)})`);
  if (override.phones.length > 0) parts.push(`phones (${rules(override.phones.length)})`);
  if (override.doNotUseSms.length > 0) parts.push(`doNotUseSms (${rules(override.doNotUseSms.length)})`);
  if (override.extraFields.length > 0) parts.push(`extra fields ${override.extraFields.map((f) => `«${f.label}»`).join(', ')}`);
  return parts.length > 0 ? parts.join(', ') : 'no rules';
}

/** One line per override, for `adapters list`. */
export const overrideLine = (view: SiteOverrideView) =>
  `${view.site} ${view.adapter}: ${overrideSummary(view)}; updated ${view.updatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} by ${view.updatedBy}${view.note ? ` — ${view.note}` : ''}`;

/** The override as `adapters set` takes it back (without who changed it when). */
export function overrideInput({ updatedAt: _at, updatedBy: _by, ...override }: SiteOverrideView): SiteOverride {
  return override;
}
