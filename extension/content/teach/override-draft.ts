import type { PhoneType } from '../../../shared/api';
import type { OverrideRule, SiteOverride, SiteOverrideInput } from '../../../shared/adapter-overrides';

/** What the user taught on the page: each a rule derive-rule made and checked. */
export interface TaughtRules {
  name?: OverrideRule;
  phone?: { rule: OverrideRule; type: PhoneType };
  doNotUseSms?: OverrideRule;
  extra?: { label: string; rule: OverrideRule };
}

const MAX_RULES = 10;
const same = (a: OverrideRule, b: OverrideRule) => JSON.stringify(a) === JSON.stringify(b);
/** The taught rule first (it is tried first), the rules the site had after it as fallbacks. */
const ahead = (rule: OverrideRule, rules: OverrideRule[] = []) => [rule, ...rules.filter((r) => !same(r, rule))].slice(0, MAX_RULES);

/**
 * The site's override with the taught rules added: `existing` (the site's current override, this browser's
 * before the team's) is extended, not replaced, when it is for the same adapter.
 */
export function draftOverride(site: string, adapter: string, taught: TaughtRules, existing: SiteOverride | null): SiteOverrideInput {
  const base = existing?.adapter === adapter ? existing : null;
  const fields = { ...base?.fields };
  if (taught.name) fields.name = ahead(taught.name, fields.name);
  let phones = base?.phones ?? [];
  if (taught.phone) {
    const { rule, type } = taught.phone;
    phones = [{ rule, type }, ...phones.filter((p) => !same(p.rule, rule))].slice(0, MAX_RULES);
  }
  const doNotUseSms = taught.doNotUseSms ? ahead(taught.doNotUseSms, base?.doNotUseSms) : (base?.doNotUseSms ?? []);
  let extraFields = base?.extraFields ?? [];
  if (taught.extra) {
    const key = taught.extra.label.trim().toLocaleLowerCase('ru');
    const earlier = extraFields.find((f) => f.label.trim().toLocaleLowerCase('ru') === key);
    const field = { label: taught.extra.label.trim(), rules: ahead(taught.extra.rule, earlier?.rules) };
    extraFields = earlier ? extraFields.map((f) => (f === earlier ? field : f)) : [...extraFields, field];
  }
  return { site, adapter, fields, phones, doNotUseSms, extraFields, ...(base?.note ? { note: base.note } : {}) };
}
