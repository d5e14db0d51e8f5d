import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { PHONE_TYPES, type PhoneType } from '../../../shared/phone-types';
import { translate, type Language, type TextKey } from '../../i18n/texts';
import type { OverrideScope } from '../../messaging/protocol';

export const TAUGHT_FIELDS = ['name', 'phone', 'doNotUseSms', 'extra'] as const;
export type TaughtField = (typeof TAUGHT_FIELDS)[number];

/** A field's row as the panel shows it: what its rule reads now, and how the rule finds it; or why there is none. */
export interface FieldRow {
  field: TaughtField;
  reads?: string;
  rule?: { byLabel: string } | { bySelector: string };
  error?: TextKey;
}

export type SaveStatus = { state: 'idle' | 'saving' } | { state: 'saved'; scope: OverrideScope } | { state: 'error'; text: string };

interface Props {
  language: Language;
  rows: FieldRow[];
  picking: TaughtField | null;
  phoneType: PhoneType;
  extraLabel: string;
  status: SaveStatus;
  /** The control to focus (after a pick the next one), so that the keyboard follows the work. */
  focus: string | null;
  onPick(field: TaughtField, event: Event): void;
  onPhoneType(type: PhoneType): void;
  onExtraLabel(label: string): void;
  onSave(scope: OverrideScope, event: Event): void;
  onClose(event: Event): void;
}

const FIELD_TEXT: Record<TaughtField, TextKey> = {
  name: 'teachFieldName',
  phone: 'teachFieldPhone',
  doNotUseSms: 'teachFieldDoNotUseSms',
  extra: 'teachFieldExtra',
};
const PHONE_TYPE_TEXT: Record<PhoneType, TextKey> = { mobile: 'teachPhoneMobile', work: 'teachPhoneWork', home: 'teachPhoneHome', other: 'teachPhoneOther' };

/** «Настроить чтение страницы»: the fields to point at, what each rule reads now, and where to save them. */
export function TeachPanel(props: Props) {
  const { language: lang, rows, picking, status } = props;
  const t = (key: TextKey, values?: Record<string, string>) => translate(lang, key, values);
  const panel = useRef<HTMLDivElement>(null);
  const lastFocused = useRef<HTMLElement | null>(null);
  // At once, not after the next paint: a key pressed right after a pick must reach the next control.
  useLayoutEffect(() => {
    if (props.focus) panel.current?.querySelector<HTMLElement>(`[data-focus="${props.focus}"]`)?.focus();
  }, [props.focus]);
  // Back from another tab (the options page, to paste a token), the keyboard is where it was in the panel.
  useEffect(() => {
    const restore = () => {
      const root = panel.current;
      if (!root || document.visibilityState !== 'visible' || document.activeElement === (root.getRootNode() as ShadowRoot).host) return;
      const target = lastFocused.current?.isConnected ? lastFocused.current : root.querySelector<HTMLElement>(`[data-focus="${props.focus}"]`);
      target?.focus();
    };
    window.addEventListener('focus', restore);
    document.addEventListener('visibilitychange', restore);
    return () => {
      window.removeEventListener('focus', restore);
      document.removeEventListener('visibilitychange', restore);
    };
  }, [props.focus]);
  const taught = rows.some((row) => row.reads !== undefined);
  return (
    <div class="teach-panel" ref={panel} role="dialog" aria-label={t('teachTitle')} onFocusIn={(event) => (lastFocused.current = event.target as HTMLElement)}>
      <div class="teach-head">
        <h2>{t('teachTitle')}</h2>
        <button type="button" class="link" aria-label={t('close')} title={t('close')} onClick={props.onClose}>
          ×
        </button>
      </div>
      <p class={picking ? 'teach-hint teach-picking' : 'teach-hint'}>{picking ? t('teachPicking', { field: t(FIELD_TEXT[picking]) }) : t('teachHint')}</p>
      {rows.map((row) => (
        <div class="teach-row" key={row.field}>
          <div class="teach-row-head">
            <span class="teach-field">{t(FIELD_TEXT[row.field])}</span>
            {row.field === 'phone' && (
              <select aria-label={t('teachPhoneType')} value={props.phoneType} onChange={(e) => props.onPhoneType((e.target as HTMLSelectElement).value as PhoneType)}>
                {PHONE_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(PHONE_TYPE_TEXT[type])}
                  </option>
                ))}
              </select>
            )}
            {row.field === 'extra' && (
              <input
                type="text"
                data-focus="extra-label"
                placeholder={t('teachExtraLabel')}
                aria-label={t('teachExtraLabel')}
                value={props.extraLabel}
                onInput={(e) => props.onExtraLabel((e.target as HTMLInputElement).value)}
              />
            )}
            <button
              type="button"
              data-focus={`pick-${row.field}`}
              aria-pressed={picking === row.field}
              disabled={row.field === 'extra' && !props.extraLabel.trim()}
              onClick={(event) => props.onPick(row.field, event)}
            >
              {t('teachPick')}
            </button>
          </div>
          {row.reads !== undefined && <div class="teach-read">{t('teachReads', { value: row.reads })}</div>}
          {row.rule && (
            <div class="teach-rule">{'byLabel' in row.rule ? t('teachByLabel', { label: row.rule.byLabel }) : t('teachBySelector', { css: row.rule.bySelector })}</div>
          )}
          {row.error && (
            <div class="teach-error" role="alert">
              {t(row.error)}
            </div>
          )}
        </div>
      ))}
      <div class="teach-actions">
        <button
          type="button"
          class="primary"
          data-focus="save-browser"
          disabled={!taught || status.state === 'saving'}
          onClick={(event) => props.onSave('browser', event)}
        >
          {t('teachSaveBrowser')}
        </button>
        <button type="button" data-focus="save-team" disabled={!taught || status.state === 'saving'} onClick={(event) => props.onSave('team', event)}>
          {t('teachSaveTeam')}
        </button>
      </div>
      <output class={`teach-status ${status.state === 'error' ? 'error' : 'ok'}`} role="status">
        {status.state === 'saving' && t('teachSaving')}
        {status.state === 'saved' && t(status.scope === 'team' ? 'teachSavedTeam' : 'teachSavedBrowser')}
        {status.state === 'error' && status.text}
      </output>
    </div>
  );
}
