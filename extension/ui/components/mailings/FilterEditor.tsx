import { translateMailing, type Language, type MailingTextKey } from '../../../i18n/texts';
import {
  BOOLEAN_OPS,
  FILTER_BOOLEAN_FIELDS,
  FILTER_TEXT_FIELDS,
  TEXT_OPS,
  isBooleanField,
  isFilter,
  takesValue,
  type ContactFilter,
  type FilterField,
  type FilterOp,
  type FilterRule,
} from '../../../../shared/contact-filter';
import { emptyFilter, emptyRule, updateAt, withField, withOp, type RulePath } from '../../mailings/filter-model';

const FIELD_TEXT: Record<string, MailingTextKey> = {
  name: 'fName',
  firstName: 'fFirstName',
  lastName: 'fLastName',
  account: 'fAccount',
  owner: 'fOwner',
  city: 'fCity',
  email: 'fEmail',
  adapter: 'fAdapter',
  hasMobile: 'fHasMobile',
  hasPhone: 'fHasPhone',
  doNotUseSms: 'fDoNotUseSms',
};
const OP_TEXT: Record<FilterOp, MailingTextKey> = {
  eq: 'opEq',
  neq: 'opNeq',
  contains: 'opContains',
  not_contains: 'opNotContains',
  starts_with: 'opStartsWith',
  empty: 'opEmpty',
  not_empty: 'opNotEmpty',
  is_true: 'opIsTrue',
  is_false: 'opIsFalse',
};
const CUSTOM = 'fields.';
const MAX_DEPTH = 2;

interface Props {
  language: Language;
  filter: ContactFilter;
  onChange(filter: ContactFilter): void;
}

/** A dynamic group's rules: field / operator / value, joined by И or ИЛИ, with nested condition groups. */
export function FilterEditor({ language, filter, onChange }: Props) {
  return <FilterNode language={language} root={filter} node={filter} path={[]} onChange={onChange} />;
}

function FilterNode({
  language: lang,
  root,
  node,
  path,
  onChange,
}: {
  language: Language;
  root: ContactFilter;
  node: ContactFilter;
  path: RulePath;
  onChange(f: ContactFilter): void;
}) {
  const set = (update: (n: ContactFilter) => ContactFilter) => onChange(path.length === 0 ? update(root) : updateAt(root, path, (n) => (isFilter(n) ? update(n) : n)));
  return (
    <fieldset class="filter" data-crm-sms="filter" data-depth={path.length}>
      <div class="row">
        <span>{translateMailing(lang, 'filterMatch')}</span>
        <select
          data-crm-sms="filter-combinator"
          value={node.combinator}
          onChange={(e) => set((n) => ({ ...n, combinator: (e.target as HTMLSelectElement).value as 'and' | 'or' }))}
        >
          <option value="and">{translateMailing(lang, 'filterAnd')}</option>
          <option value="or">{translateMailing(lang, 'filterOr')}</option>
        </select>
        {path.length > 0 && (
          <button type="button" class="link" onClick={() => onChange(updateAt(root, path, () => null))}>
            {translateMailing(lang, 'remove')}
          </button>
        )}
      </div>
      {node.rules.map((child, i) =>
        isFilter(child) ? (
          <FilterNode key={i} language={lang} root={root} node={child} path={[...path, i]} onChange={onChange} />
        ) : (
          <RuleRow key={i} language={lang} rule={child} onChange={(next) => onChange(updateAt(root, [...path, i], () => next))} />
        ),
      )}
      <div class="row">
        <button type="button" data-crm-sms="filter-add-rule" onClick={() => set((n) => ({ ...n, rules: [...n.rules, emptyRule()] }))}>
          {translateMailing(lang, 'addRule')}
        </button>
        {path.length < MAX_DEPTH && (
          <button type="button" onClick={() => set((n) => ({ ...n, rules: [...n.rules, { ...emptyFilter(), combinator: n.combinator === 'and' ? 'or' : 'and' }] }))}>
            {translateMailing(lang, 'addSubgroup')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

function RuleRow({ language: lang, rule, onChange }: { language: Language; rule: FilterRule; onChange(rule: FilterRule | null): void }) {
  const custom = rule.field.startsWith(CUSTOM);
  const ops = isBooleanField(rule.field) ? BOOLEAN_OPS : TEXT_OPS;
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  return (
    <div class="rule row" data-crm-sms="filter-rule">
      <select data-crm-sms="rule-field" value={custom ? CUSTOM : rule.field} onChange={(e) => onChange(withField(rule, value(e) as FilterField))}>
        {[...FILTER_TEXT_FIELDS, ...FILTER_BOOLEAN_FIELDS].map((f) => (
          <option key={f} value={f}>
            {translateMailing(lang, FIELD_TEXT[f]!)}
          </option>
        ))}
        <option value={CUSTOM}>{translateMailing(lang, 'customField')}</option>
      </select>
      {custom && (
        <input
          class="short"
          data-crm-sms="rule-custom"
          placeholder={translateMailing(lang, 'customFieldName')}
          value={rule.field.slice(CUSTOM.length)}
          onInput={(e) => onChange({ ...rule, field: `${CUSTOM}${value(e)}` })}
        />
      )}
      <select data-crm-sms="rule-op" value={rule.op} onChange={(e) => onChange(withOp(rule, value(e) as FilterOp))}>
        {ops.map((op) => (
          <option key={op} value={op}>
            {translateMailing(lang, OP_TEXT[op])}
          </option>
        ))}
      </select>
      {takesValue(rule.op) && (
        <input
          data-crm-sms="rule-value"
          placeholder={translateMailing(lang, 'filterValue')}
          value={rule.value ?? ''}
          onInput={(e) => onChange({ ...rule, value: value(e) })}
        />
      )}
      <button type="button" class="tool" aria-label={translateMailing(lang, 'remove')} title={translateMailing(lang, 'remove')} onClick={() => onChange(null)}>
        ×
      </button>
    </div>
  );
}
