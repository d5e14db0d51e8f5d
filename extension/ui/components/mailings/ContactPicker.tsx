import type { ContactView } from '../../../../shared/api';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';

/** A directory search's state, as useContactSearch gives it. */
export interface ContactSearch {
  query: string;
  results: ContactView[] | null;
  error: UiError | null;
  setQuery(query: string): void;
}

interface Props {
  language: Language;
  search: ContactSearch;
  /** Names the list for tests: the check's picker and the audience's are both on the page. */
  name: string;
  exclude?: string[];
  onPick(contact: ContactView): void;
}

const phoneOf = (c: ContactView) => c.phones.find((p) => p.type === 'mobile')?.number ?? c.phones[0]?.number ?? '';

/** A search field over the relay's contact directory and the matches to pick from. */
export function ContactPicker({ language: lang, search, name, exclude = [], onPick }: Props) {
  const { query, results, error, setQuery: onQuery } = search;
  const shown = (results ?? []).filter((c) => !exclude.includes(c.crmId));
  return (
    <div class="contact-picker" data-crm-sms={name}>
      <input
        type="search"
        class="full"
        data-crm-sms={`${name}-search`}
        placeholder={translateMailing(lang, 'contactSearch')}
        value={query}
        onInput={(e) => onQuery((e.target as HTMLInputElement).value)}
      />
      {error && <p class="error">{pickError(lang, error)}</p>}
      {results !== null && shown.length === 0 && !error && <p class="hint">{translateMailing(lang, 'noContactsFound')}</p>}
      <ul class="pick-list">
        {shown.slice(0, 20).map((c) => (
          <li key={c.crmId}>
            <button type="button" data-crm-sms={`${name}-result`} data-crm-id={c.crmId} onClick={() => onPick(c)}>
              <span>{c.name || c.crmId}</span>
              <small class="hint">{[c.account, phoneOf(c)].filter(Boolean).join(' · ')}</small>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
