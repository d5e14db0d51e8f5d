import type { OverrideRule, SiteOverride } from '../../shared/adapter-overrides';

// What the content script needs of the overrides too: no schema here (zod stays out of the CRM page's bundle).

/** Storage keys of the overrides start with this: a content script reads its card again when one changes. */
export const OVERRIDES_STORAGE_PREFIX = 'site-overrides:';

/**
 * The overrides of one site, one per adapter: this browser's rules are tried before the team's
 * (a user's fix wins on their own browser), adapters in the same order (this browser's first).
 */
export function mergeOverrides(own: SiteOverride[], team: SiteOverride[]): SiteOverride[] {
  const adapters = [...new Set([...own, ...team].map((o) => o.adapter))];
  return adapters.map((adapter) => {
    const parts = [...own.filter((o) => o.adapter === adapter), ...team.filter((o) => o.adapter === adapter)];
    const merged: SiteOverride = { site: parts[0]!.site, adapter, fields: {}, phones: [], doNotUseSms: [], extraFields: [] };
    for (const part of parts) {
      for (const [field, rules] of Object.entries(part.fields) as [keyof SiteOverride['fields'], OverrideRule[]][]) {
        merged.fields[field] = [...(merged.fields[field] ?? []), ...rules];
      }
      merged.phones.push(...part.phones);
      merged.doNotUseSms.push(...part.doNotUseSms);
      for (const extra of part.extraFields) {
        const same = merged.extraFields.find((e) => e.label === extra.label);
        if (same) same.rules.push(...extra.rules);
        else merged.extraFields.push({ label: extra.label, rules: [...extra.rules] });
      }
      if (part.note && !merged.note) merged.note = part.note;
    }
    return merged;
  });
}

/**
 * The rules of an override whose CSS the page's engine cannot parse are left out (a typo in one rule
 * must not stop the whole card from being read); `parses` says whether a selector is valid here.
 */
export function withoutBrokenSelectors(override: SiteOverride, parses: (selector: string) => boolean): SiteOverride {
  const usable = (rule: OverrideRule) => ('css' in rule ? parses(rule.css) : parses(rule.field) && parses(rule.label) && parses(rule.value));
  const fields: SiteOverride['fields'] = {};
  for (const [field, rules] of Object.entries(override.fields) as [keyof SiteOverride['fields'], OverrideRule[]][]) {
    const kept = rules.filter(usable);
    if (kept.length > 0) fields[field] = kept;
  }
  return {
    ...override,
    fields,
    phones: override.phones.filter((p) => usable(p.rule)),
    doNotUseSms: override.doNotUseSms.filter(usable),
    extraFields: override.extraFields.map((e) => ({ ...e, rules: e.rules.filter(usable) })).filter((e) => e.rules.length > 0),
  };
}
