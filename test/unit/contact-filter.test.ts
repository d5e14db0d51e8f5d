import { describe, expect, it } from 'vitest';
import type { ContactPhone, ContactView } from '../../shared/api.js';
import { contactFilterSchema } from '../../shared/contact-filter.js';
import { compileFilter, type ContactFilter, type FilterRule } from '../../relay/groups/contact-filter.js';

const mobile: ContactPhone = { number: '+7 912 345-67-89', type: 'mobile', digits: '79123456789', invalidReason: null };
const invalidMobile: ContactPhone = { number: '12', type: 'mobile', digits: null, invalidReason: 'too_short' };
const office: ContactPhone = { number: '8 843 123-45-67', type: 'work', digits: '78431234567', invalidReason: null };

function contact(crmId: string, overrides: Partial<ContactView> = {}): ContactView {
  return {
    crmId,
    name: crmId,
    phones: [],
    doNotUseSms: null,
    fields: {},
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const directory = [
  contact('ivanova', { account: 'ООО Ромашка', city: 'Казань', phones: [mobile], owner: 'Пётр Петров', fields: { Сегмент: 'VIP' } }),
  contact('semenov', { account: '  ромашка  ', city: 'Москва', phones: [office], doNotUseSms: true }),
  contact('fyodorov', { account: 'РОМАШКА', city: 'казань', phones: [invalidMobile, office], doNotUseSms: false }),
  contact('lebedev', { account: 'Ромашка   Плюс', city: 'Казань ', phones: [mobile], fields: { Сегмент: 'обычный' } }),
  contact('yozhikov', { account: 'Ёжик и Ко', city: null, source: { adapter: 'creatio', origin: 'https://crm.example.com' } }),
];

const rule = (field: string, op: FilterRule['op'], value?: string): FilterRule => (value === undefined ? { field, op } : { field, op, value });
const and = (...rules: ContactFilter['rules']): ContactFilter => ({ combinator: 'and', rules });
const or = (...rules: ContactFilter['rules']): ContactFilter => ({ combinator: 'or', rules });

function matching(filter: ContactFilter): string[] {
  const matches = compileFilter(contactFilterSchema.parse(filter));
  return directory.filter(matches).map((c) => c.crmId);
}

describe('text rules', () => {
  it('compares case-insensitively, trimmed, with spaces collapsed', () => {
    expect(matching(and(rule('account', 'eq', 'ромашка')))).toEqual(['semenov', 'fyodorov']);
    expect(matching(and(rule('account', 'eq', ' Ромашка плюс ')))).toEqual(['lebedev']);
    expect(matching(and(rule('account', 'contains', 'РОМАШКА')))).toEqual(['ivanova', 'semenov', 'fyodorov', 'lebedev']);
  });

  it('treats ё as е', () => {
    expect(matching(and(rule('account', 'starts_with', 'ежик')))).toEqual(['yozhikov']);
    expect(matching(and(rule('owner', 'eq', 'петр петров')))).toEqual(['ivanova']);
  });

  it('negates: neq and not_contains match contacts without the value too', () => {
    expect(matching(and(rule('city', 'neq', 'казань')))).toEqual(['semenov', 'yozhikov']);
    expect(matching(and(rule('account', 'not_contains', 'ромашка')))).toEqual(['yozhikov']);
  });

  it('tells empty from not empty', () => {
    expect(matching(and(rule('city', 'empty')))).toEqual(['yozhikov']);
    expect(matching(and(rule('owner', 'not_empty')))).toEqual(['ivanova']);
  });

  it('reads the adapter and custom fields', () => {
    expect(matching(and(rule('adapter', 'eq', 'creatio')))).toEqual(['yozhikov']);
    expect(matching(and(rule('fields.Сегмент', 'eq', 'vip')))).toEqual(['ivanova']);
    expect(matching(and(rule('fields.Сегмент', 'empty')))).toEqual(['semenov', 'fyodorov', 'yozhikov']);
    expect(matching(and(rule('fields.constructor', 'not_empty')))).toEqual([]);
  });
});

describe('yes/no rules', () => {
  it('has a mobile: a valid number of type mobile', () => {
    expect(matching(and(rule('hasMobile', 'is_true')))).toEqual(['ivanova', 'lebedev']);
    expect(matching(and(rule('hasMobile', 'is_false')))).toEqual(['semenov', 'fyodorov', 'yozhikov']);
  });

  it('has a phone: any valid number', () => {
    expect(matching(and(rule('hasPhone', 'is_true')))).toEqual(['ivanova', 'semenov', 'fyodorov', 'lebedev']);
  });

  it('do not use SMS: only true is true; false and unknown are false', () => {
    expect(matching(and(rule('doNotUseSms', 'is_true')))).toEqual(['semenov']);
    expect(matching(and(rule('doNotUseSms', 'is_false')))).toEqual(['ivanova', 'fyodorov', 'lebedev', 'yozhikov']);
  });
});

describe('groups', () => {
  it('city is Kazan and the contact has a mobile', () => {
    expect(matching(and(rule('city', 'eq', 'Казань'), rule('hasMobile', 'is_true')))).toEqual(['ivanova', 'lebedev']);
  });

  it('or: either rule', () => {
    expect(matching(or(rule('city', 'eq', 'Москва'), rule('account', 'starts_with', 'ёжик')))).toEqual(['semenov', 'yozhikov']);
  });

  it('nests: Kazan and (VIP or no mobile), skipping do-not-use-SMS', () => {
    const filter = and(
      rule('city', 'eq', 'казань'),
      or(rule('fields.Сегмент', 'eq', 'VIP'), and(rule('hasMobile', 'is_false'), rule('hasPhone', 'is_true'))),
      rule('doNotUseSms', 'is_false'),
    );
    expect(matching(filter)).toEqual(['ivanova', 'fyodorov']);
  });

  it('an empty group matches everyone under and, no one under or', () => {
    expect(matching(and())).toHaveLength(directory.length);
    expect(matching(or())).toEqual([]);
  });

  it('evaluates 100,000 contacts quickly', () => {
    const many = Array.from({ length: 100_000 }, (_, index) => ({ ...directory[index % directory.length]!, crmId: `c${index}` }));
    const matches = compileFilter(and(rule('account', 'contains', 'ромашка'), or(rule('city', 'eq', 'казань'), rule('hasMobile', 'is_true'))));
    // The filter alone takes about 60 ms on a 2-core AMD EPYC VM (performance.now()); no assertion on time.
    expect(many.filter(matches)).toHaveLength(60_000);
  });
});

describe('validation', () => {
  function issueOf(input: unknown): string {
    const result = contactFilterSchema.safeParse(input);
    if (result.success) throw new Error(`${JSON.stringify(input)} was accepted`);
    const issue = result.error.issues[0]!;
    return `${issue.path.join('.')}: ${issue.message}`;
  }

  it('accepts a nested filter as it is', () => {
    const filter = and(rule('city', 'eq', 'Казань'), or(rule('hasMobile', 'is_true'), rule('fields.Сегмент', 'contains', 'VIP')));
    expect(contactFilterSchema.parse(filter)).toEqual(filter);
  });

  it('names an unknown field and lists the allowed ones', () => {
    expect(issueOf(and(rule('town', 'eq', 'Казань')))).toBe(
      'rules.0.field: unknown field "town"; allowed: name, firstName, lastName, account, owner, city, email, adapter, hasMobile, hasPhone, doNotUseSms or fields.<custom field name>',
    );
  });

  it('names an unknown operator inside a nested group', () => {
    expect(issueOf(and(rule('city', 'eq', 'Казань'), or(rule('city', 'like' as never, 'Каз'))))).toBe(
      'rules.1.rules.0.op: unknown operator "like"; allowed: eq, neq, contains, not_contains, starts_with, empty, not_empty, is_true, is_false',
    );
  });

  it('wants a value for comparisons and none for the others', () => {
    expect(issueOf(and(rule('city', 'eq')))).toBe('rules.0.value: operator "eq" needs a non-empty value; to match a missing city, use "empty"');
    expect(issueOf(and(rule('city', 'contains', '  ')))).toMatch(/^rules\.0\.value: operator "contains" needs a non-empty value/);
    expect(issueOf(and(rule('city', 'empty', 'Казань')))).toBe('rules.0.value: operator "empty" takes no value; leave "value" out');
    expect(issueOf(and(rule('hasMobile', 'is_true', 'yes')))).toBe('rules.0.value: operator "is_true" takes no value; leave "value" out');
  });

  it('keeps yes/no fields and text operators apart', () => {
    expect(issueOf(and(rule('hasMobile', 'eq', 'true')))).toBe('rules.0.op: operator "eq" does not apply to the yes/no field "hasMobile"; allowed: is_true, is_false');
    expect(issueOf(and(rule('city', 'is_true')))).toBe(
      'rules.0.op: operator "is_true" applies only to the yes/no fields hasMobile, hasPhone, doNotUseSms; for "city" allowed: eq, neq, contains, not_contains, starts_with, empty, not_empty',
    );
  });

  it('refuses unknown keys, a bad combinator, and groups nested too deep', () => {
    expect(issueOf({ combinator: 'and', rules: [{ field: 'city', op: 'eq', value: 'Казань', caseSensitive: true }] })).toMatch(
      /^rules\.0: Unrecognized key: "caseSensitive"/,
    );
    expect(issueOf({ combinator: 'xor', rules: [] })).toBe('combinator: unknown combinator "xor"; allowed: and, or');
    expect(contactFilterSchema.safeParse(and(or(and(rule('city', 'empty'))))).success).toBe(true);
    expect(issueOf(and(or(and(or(rule('city', 'empty'))))))).toBe('rules.0.rules.0.rules.0: groups may be nested at most 3 levels deep, counting the top one');
  });

  it('refuses a custom field without a name', () => {
    expect(issueOf(and(rule('fields.', 'empty')))).toMatch(/^rules\.0\.field: unknown field "fields\."/);
  });
});
