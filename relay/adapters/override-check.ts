import { siteOverrideSchema, type OverrideRule, type SiteOverride } from '../../shared/adapter-overrides';
import { validationError } from '../http/validation';
import { selectorProblem } from './css-selector';
import { InvalidAdapterInput } from './invalid-input';
import { normalOrigin } from './site-origin';

/** Every rule of an override with where it sits. */
function rulesOf(override: SiteOverride): { path: string; rule: OverrideRule }[] {
  const found: { path: string; rule: OverrideRule }[] = [];
  for (const [field, rules] of Object.entries(override.fields)) rules?.forEach((rule, i) => found.push({ path: `fields.${field}.${i}`, rule }));
  override.phones.forEach(({ rule }, i) => found.push({ path: `phones.${i}.rule`, rule }));
  override.doNotUseSms.forEach((rule, i) => found.push({ path: `doNotUseSms.${i}`, rule }));
  override.extraFields.forEach(({ rules }, k) => rules.forEach((rule, i) => found.push({ path: `extraFields.${k}.rules.${i}`, rule })));
  return found;
}

/**
 * What the schema cannot say: every selector works in the browsers, extra fields have different
 * labels, and the site is written as the browser writes its origin. Returns the override with its site
 * normalised; throws InvalidAdapterInput in words.
 */
export function checkOverride(override: SiteOverride): SiteOverride {
  const site = normalOrigin(override.site);
  if (!site) throw InvalidAdapterInput.at('site', 'must be an origin such as https://crm.example.com');
  for (const { path, rule } of rulesOf(override)) {
    const selectors = 'css' in rule ? { css: rule.css } : { field: rule.field, label: rule.label, value: rule.value };
    for (const [key, selector] of Object.entries(selectors)) {
      const problem = selectorProblem(selector);
      if (problem) throw InvalidAdapterInput.at(`${path}.${key}`, `${JSON.stringify(selector)} is not a valid CSS selector: ${problem}`);
    }
  }
  const labels = new Map<string, number>();
  override.extraFields.forEach(({ label }, i) => {
    const key = label.toLocaleLowerCase('ru');
    const earlier = labels.get(key);
    if (earlier !== undefined) throw InvalidAdapterInput.at(`extraFields.${i}.label`, `"${label}" is already the label of extraFields.${earlier}`);
    labels.set(key, i);
  });
  return { ...override, site };
}

/** An override from anywhere (a file the CLI reads): the schema, then checkOverride. */
export function parseOverride(input: unknown): SiteOverride {
  const result = siteOverrideSchema.safeParse(input);
  if (!result.success) {
    const error = validationError(result.error, siteOverrideSchema);
    throw new InvalidAdapterInput(error.details.field, error.message);
  }
  return checkOverride(result.data);
}
