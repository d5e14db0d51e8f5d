import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { PhoneType } from '../../../shared/api';
import { ADAPTERS } from '../../crm/adapters';
import { deriveRule, readNow, type Derivation, type TaughtKind } from '../../crm/derive-rule';
import { detectAdapter, globalMarkersOf } from '../../crm/detect';
import { isLabelRule } from '../../crm/read-rules';
import { pickError, translate, type TextKey } from '../../i18n/texts';
import { ask } from '../../messaging/client';
import type { OverrideScope, SiteConfig } from '../../messaging/protocol';
import { isUserGesture } from '../../ui/user-gesture';
import { readPageGlobals } from '../page-globals-client';
import { draftOverride, type TaughtRules } from './override-draft';
import { createPicker } from './picker';
import { TAUGHT_FIELDS, TeachPanel, type FieldRow, type SaveStatus, type TaughtField } from './TeachPanel';
import css from './teach.css?inline';

const KIND: Record<TaughtField, TaughtKind> = { name: 'text', phone: 'phone', doNotUseSms: 'flag', extra: 'text' };
const NEXT_FOCUS: Record<TaughtField, string> = { name: 'pick-phone', phone: 'pick-doNotUseSms', doNotUseSms: 'extra-label', extra: 'save-browser' };
const FAILURE_TEXT: Record<Extract<Derivation, { ok: false }>['reason'], TextKey> = {
  empty: 'teachEmpty',
  no_checkbox: 'teachNoCheckbox',
  no_stable_rule: 'teachNoRule',
};

interface State {
  taught: Partial<Record<TaughtField, Derivation>>;
  picking: TaughtField | null;
  phoneType: PhoneType;
  extraLabel: string;
  status: SaveStatus;
  focus: string | null;
}

const fresh = (): State => ({ taught: {}, picking: null, phoneType: 'mobile', extraLabel: '', status: { state: 'idle' }, focus: 'pick-name' });

/**
 * «Настроить чтение страницы» in the CRM page: the panel, the pointing overlay, and the save. The user
 * points at each field; derive-rule makes a rule that reads exactly that element; the rules are added to
 * the site's override, for this browser or, through the relay, for the team. Only the user's own clicks
 * count. On a site no adapter knows, the override is for the generic adapter, which it turns on there.
 */
export async function createTeachController(ctx: ContentScriptContext, config: SiteConfig) {
  const { language } = config;
  let state: State | null = null;
  const picker = await createPicker(ctx, css);
  const panelUi = await createShadowRootUi(ctx, {
    name: 'crm-sms-teach',
    css,
    mode: 'closed',
    position: 'inline',
    anchor: () => document.body,
    append: 'last',
    // Keys typed into the panel (a field's name) are not the page's shortcuts.
    isolateEvents: true,
    onMount: (container) => container,
    onRemove: (container) => container && render(null, container),
  });

  const update = (change: Partial<State>) => {
    if (!state) return;
    state = { ...state, ...change };
    draw();
  };

  function rowOf(field: TaughtField, derivation: Derivation | undefined): FieldRow {
    if (!derivation) return { field };
    if (!derivation.ok) return { field, error: FAILURE_TEXT[derivation.reason] };
    const reads = readNow(document, derivation.rule) ?? '';
    const rule = derivation.rule;
    return {
      field,
      reads: KIND[field] === 'flag' ? translate(language, reads === 'true' ? 'teachYes' : 'teachNo') : reads,
      rule: isLabelRule(rule) ? { byLabel: rule.texts[0]! } : { bySelector: rule.css },
    };
  }

  function draw(): void {
    if (!state || !panelUi.mounted) return;
    const current = state;
    render(
      <TeachPanel
        language={language}
        rows={TAUGHT_FIELDS.map((field) => rowOf(field, current.taught[field]))}
        picking={current.picking}
        phoneType={current.phoneType}
        extraLabel={current.extraLabel}
        status={current.status}
        focus={current.focus}
        onPick={(field, event) => isUserGesture(event) && pick(field)}
        onPhoneType={(phoneType) => update({ phoneType })}
        onExtraLabel={(extraLabel) => update({ extraLabel })}
        onSave={(scope, event) => isUserGesture(event) && void save(scope)}
        onClose={(event) => isUserGesture(event) && stop()}
      />,
      panelUi.mounted,
    );
  }

  function pick(field: TaughtField): void {
    update({ picking: field, focus: null, status: { state: 'idle' } });
    picker.start({
      onPick: (element) => {
        const derivation = deriveRule(element, KIND[field]);
        update({ picking: null, taught: { ...state!.taught, [field]: derivation }, focus: derivation.ok ? NEXT_FOCUS[field] : `pick-${field}` });
      },
      onCancel: () => update({ picking: null, focus: `pick-${field}` }),
    });
  }

  function taughtRules(current: State): TaughtRules {
    const rule = (field: TaughtField) => {
      const derivation = current.taught[field];
      return derivation?.ok ? derivation.rule : undefined;
    };
    const phone = rule('phone');
    const extra = rule('extra');
    const label = current.extraLabel.trim();
    return {
      name: rule('name'),
      doNotUseSms: rule('doNotUseSms'),
      ...(phone ? { phone: { rule: phone, type: current.phoneType } } : {}),
      ...(extra && label ? { extra: { label, rule: extra } } : {}),
    };
  }

  async function save(scope: OverrideScope): Promise<void> {
    if (!state) return;
    update({ status: { state: 'saving' } });
    // A site no adapter knows is taught to the generic adapter (the override turns it on for this site).
    const adapter = (await detectedAdapter())?.id ?? 'generic';
    const existing = await ask('siteOverride', { adapter });
    const override = draftOverride(location.origin, adapter, taughtRules(state), existing.ok ? existing.value : null);
    const saved = await ask('saveSiteOverride', { scope, override });
    update({ status: saved.ok ? { state: 'saved', scope } : { state: 'error', text: pickError(language, saved.error) } });
  }

  /** The adapter the card reader would use here (the generic one aside), page-script markers included. */
  async function detectedAdapter() {
    const markers = globalMarkersOf(ADAPTERS);
    const globals = new Set(markers.length > 0 ? Object.keys(await readPageGlobals(markers)) : []);
    return detectAdapter(ADAPTERS, new URL(location.href), document, { generic: false, globals });
  }

  function start(): void {
    if (state) return draw();
    state = fresh();
    panelUi.mount();
    draw();
  }

  function stop(): void {
    picker.stop();
    state = null;
    panelUi.remove();
  }

  ctx.onInvalidated(stop);
  return { start, stop };
}
