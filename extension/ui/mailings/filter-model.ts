import { isBooleanField, isFilter, takesValue, type ContactFilter, type FilterField, type FilterOp, type FilterRule } from '../../../shared/contact-filter';

/** Where a rule sits in a nested filter: the index at each level. */
export type RulePath = number[];

export const emptyRule = (): FilterRule => ({ field: 'account', op: 'eq', value: '' });
export const emptyFilter = (): ContactFilter => ({ combinator: 'and', rules: [emptyRule()] });

/** The filter with the node at `path` replaced by `update(node)` (or removed when it returns null). */
export function updateAt(filter: ContactFilter, path: RulePath, update: (node: FilterRule | ContactFilter) => FilterRule | ContactFilter | null): ContactFilter {
  const [head, ...rest] = path;
  if (head === undefined) return filter;
  const rules = filter.rules.flatMap((node, i) => {
    if (i !== head) return [node];
    if (rest.length === 0) {
      const next = update(node);
      return next ? [next] : [];
    }
    return isFilter(node) ? [updateAt(node, rest, update)] : [node];
  });
  return { ...filter, rules };
}

/** A rule after its field changed: boolean fields take is_true / is_false only, text fields the others. */
export function withField(rule: FilterRule, field: FilterField): FilterRule {
  if (isBooleanField(field)) return { field, op: rule.op === 'is_false' ? 'is_false' : 'is_true' };
  const op: FilterOp = rule.op === 'is_true' || rule.op === 'is_false' ? 'eq' : rule.op;
  return { field, op, value: takesValue(op) ? (rule.value ?? '') : undefined };
}

export function withOp(rule: FilterRule, op: FilterOp): FilterRule {
  return takesValue(op) ? { field: rule.field, op, value: rule.value ?? '' } : { field: rule.field, op };
}

/** The filter as the relay takes it: no value keys on operators without a value. */
export function cleanFilter(filter: ContactFilter): ContactFilter {
  return {
    combinator: filter.combinator,
    rules: filter.rules.map((node) =>
      isFilter(node) ? cleanFilter(node) : takesValue(node.op) ? { ...node, value: node.value ?? '' } : { field: node.field, op: node.op },
    ),
  };
}

/** Whether some rule still lacks its value (or a custom field its name): such a filter is not counted or saved. */
export function isIncomplete(filter: ContactFilter): boolean {
  return filter.rules.some((node) => (isFilter(node) ? isIncomplete(node) : node.field === 'fields.' || (takesValue(node.op) && !(node.value ?? '').trim())));
}
