import { describe, expect, it } from 'vitest';
import { contactFilterSchema, FILTER_FIELDS, FILTER_OPERATORS, isBooleanField, isFilter, isFilterField, takesValue } from '../../../shared/contact-filter';
import { groupCountSchema, groupPatchSchema, groupRequestSchema } from '../../../shared/groups';
import { noSkips, skippedTotal } from '../../../shared/mailings';

const firstMessage = (result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  result.success ? null : { path: result.error!.issues[0]!.path.join('.'), message: result.error!.issues[0]!.message };

describe('filter types (shared by the relay and the extension)', () => {
  it('lists the fields and operators in the order the relay names them in its errors', () => {
    expect(FILTER_FIELDS.join(', ')).toBe('name, firstName, lastName, account, owner, city, email, adapter, hasMobile, hasPhone, doNotUseSms');
    expect(FILTER_OPERATORS.join(', ')).toBe('eq, neq, contains, not_contains, starts_with, empty, not_empty, is_true, is_false');
  });

  it('knows a field, a custom field (named, at most 100 characters), a yes/no field, an operator that takes a value', () => {
    expect(isFilterField('city')).toBe(true);
    expect(isFilterField('fields.Сегмент')).toBe(true);
    expect(isFilterField('fields.')).toBe(false);
    expect(isFilterField(`fields.${'x'.repeat(100)}`)).toBe(true);
    expect(isFilterField(`fields.${'x'.repeat(101)}`)).toBe(false);
    expect(isFilterField('phone')).toBe(false);
    expect(isBooleanField('hasMobile')).toBe(true);
    expect(isBooleanField('city')).toBe(false);
    expect(FILTER_OPERATORS.filter(takesValue)).toEqual(['eq', 'neq', 'contains', 'not_contains', 'starts_with']);
    expect(isFilter({ combinator: 'and', rules: [] })).toBe(true);
    expect(isFilter({ field: 'city', op: 'empty' })).toBe(false);
  });

  it("checks a filter with the relay's words", () => {
    expect(contactFilterSchema.safeParse({ combinator: 'and', rules: [{ field: 'city', op: 'eq', value: 'Казань' }] }).success).toBe(true);
    expect(firstMessage(contactFilterSchema.safeParse({ combinator: 'and', rules: [{ field: 'city', op: 'is_true' }] }))).toEqual({
      path: 'rules.0.op',
      message:
        'operator "is_true" applies only to the yes/no fields hasMobile, hasPhone, doNotUseSms; for "city" allowed: eq, neq, contains, not_contains, starts_with, empty, not_empty',
    });
    expect(firstMessage(contactFilterSchema.safeParse({ combinator: 'and', rules: [{ field: 'city', op: 'empty', value: 'x' }] }))?.message).toBe(
      'operator "empty" takes no value; leave "value" out',
    );
  });
});

describe('group schemas', () => {
  it('a dynamic group needs a filter; a static one gets an empty one', () => {
    expect(firstMessage(groupRequestSchema.safeParse({ name: 'VIP', kind: 'dynamic' }))).toEqual({ path: 'filter', message: 'a dynamic group needs a filter' });
    expect(groupRequestSchema.parse({ name: ' VIP ', kind: 'static' })).toEqual({ name: 'VIP', kind: 'static', contacts: [], filter: null });
    expect(firstMessage(groupRequestSchema.safeParse({ name: 'x', kind: 'smart' }))?.message).toBe('must be "static" or "dynamic"');
  });

  it('a patch cannot change the kind; a count takes a filter', () => {
    expect(groupPatchSchema.safeParse({ kind: 'static' }).success).toBe(false);
    expect(groupPatchSchema.parse({ name: 'Новое' })).toEqual({ name: 'Новое' });
    expect(groupCountSchema.safeParse({ filter: { combinator: 'or', rules: [] } }).success).toBe(true);
  });
});

describe('skip-reason counts', () => {
  it('adds up the skipped, whatever the reason', () => {
    expect(skippedTotal(noSkips())).toBe(0);
    expect(skippedTotal({ ...noSkips(), no_phone: 2, empty_macro: 3 })).toBe(5);
    expect(skippedTotal({ duplicate_phone: 1 })).toBe(1);
  });
});
