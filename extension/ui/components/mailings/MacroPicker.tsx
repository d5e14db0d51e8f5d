import { pickError, translateMailing, type Language, type MailingTextKey } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';
import type { MacroDefinition } from '../../../../shared/macros';
import { macroTag } from '../../../../shared/macros';
import { Modal } from './Modal';

const GROUP_TEXT: Record<string, MailingTextKey> = {
  contact: 'macroGroupContact',
  account: 'macroGroupAccount',
  owner: 'macroGroupOwner',
  mailing: 'macroGroupMailing',
  custom: 'macroGroupCustom',
};

interface Props {
  language: Language;
  macros: MacroDefinition[];
  query: string;
  loading: boolean;
  error: UiError | null;
  onQuery(query: string): void;
  onPick(macro: MacroDefinition): void;
  onClose(): void;
}

/** «Пользовательские макросы»: the macros by group, searchable; a click inserts one. */
export function MacroPicker({ language: lang, macros, query, loading, error, onQuery, onPick, onClose }: Props) {
  const groups = [...new Set(macros.map((m) => m.group))];
  return (
    <Modal title={translateMailing(lang, 'macros')} name="macro-picker" closeLabel={translateMailing(lang, 'close')} onClose={onClose}>
      <input
        type="search"
        class="full"
        data-crm-sms="macro-search"
        placeholder={translateMailing(lang, 'macroSearch')}
        value={query}
        onInput={(e) => onQuery((e.target as HTMLInputElement).value)}
      />
      {loading && <p class="hint">{translateMailing(lang, 'loading')}</p>}
      {error && <p class="error">{pickError(lang, error)}</p>}
      {!loading && !error && macros.length === 0 && <p class="hint">{translateMailing(lang, 'noMacros')}</p>}
      {groups.map((group) => (
        <div key={group} class="pick-group">
          <h3>{translateMailing(lang, GROUP_TEXT[group] ?? 'macroGroupCustom')}</h3>
          <ul class="pick-list">
            {macros
              .filter((m) => m.group === group)
              .map((m) => (
                <li key={m.path}>
                  <button type="button" data-crm-sms="macro" data-path={m.path} onClick={() => onPick(m)}>
                    <span>{m.label[lang]}</span>
                    <code>{macroTag(m.path)}</code>
                  </button>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </Modal>
  );
}
