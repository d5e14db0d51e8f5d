import { displayPhone } from '../../../shared/phone-display';
import { pickError, translateMailing, type Language } from '../../i18n/texts';
import { StopListAddForm } from '../components/mailings/StopListAddForm';
import { StopListTable } from '../components/mailings/StopListTable';
import { useStopList } from '../hooks/mailings/useStopList';
import { useStopListEdits, type StopListDone } from '../hooks/mailings/useStopListEdits';
import { useTokenRole } from '../hooks/mailings/useTokenRole';
import { formatDateTime } from '../mailings/datetime';

const doneText = (lang: Language, done: StopListDone): string =>
  done.action === 'added'
    ? translateMailing(lang, 'stopListAdded', { number: displayPhone(done.entry.phone), date: formatDateTime(done.entry.addedAt, lang) })
    : translateMailing(lang, 'stopListRemoved', { number: displayPhone(done.phone) });

/** «Стоп-лист» in the mailings section: the list (search, pages), CSV export, adding a number, an admin's removal. */
export function StopListRoot({ language: lang, onBack }: { language: Language; onBack(): void }) {
  const list = useStopList();
  const edits = useStopListEdits(list.reload);
  const role = useTokenRole();
  const isAdmin = role === 'admin';
  return (
    <section class="stop-list" data-crm-sms="stop-list-page">
      <header class="section-head">
        <button type="button" class="link" data-crm-sms="back" onClick={onBack}>
          {translateMailing(lang, 'backToMailings')}
        </button>
        <h2>{translateMailing(lang, 'stopList')}</h2>
        <button type="button" data-crm-sms="stop-list-csv" disabled={edits.busy === 'csv'} onClick={() => void edits.exportCsv(lang)}>
          {translateMailing(lang, 'exportCsv')}
        </button>
      </header>
      <p class="hint">{translateMailing(lang, 'stopListHint')}</p>
      <StopListAddForm
        language={lang}
        phone={edits.phone}
        reason={edits.reason}
        adding={edits.busy === 'add'}
        onPhone={edits.onPhone}
        onReason={edits.onReason}
        onAdd={() => void edits.add()}
      />
      {edits.done && (
        <p class="ok" data-crm-sms="stop-list-done" role="status">
          {doneText(lang, edits.done)}
        </p>
      )}
      {edits.error && !edits.removal && (
        <p class="error" data-crm-sms="stop-list-edit-error" role="alert">
          {pickError(lang, edits.error)}
        </p>
      )}
      <label class="field">
        {translateMailing(lang, 'stopListSearch')}
        <input
          type="search"
          data-crm-sms="stop-list-search"
          inputMode="numeric"
          value={list.search}
          onInput={(e) => list.onSearch((e.target as HTMLInputElement).value)}
        />
      </label>
      {list.error && (
        <p class="error" data-crm-sms="stop-list-error">
          {pickError(lang, list.error)}
        </p>
      )}
      {!list.page && !list.error && <p class="hint">{translateMailing(lang, 'loading')}</p>}
      {list.page && (
        <StopListTable
          language={lang}
          page={list.page}
          offset={list.offset}
          pageSize={list.pageSize}
          searching={list.search.trim() !== ''}
          canRemove={isAdmin}
          removal={edits.removal}
          removing={edits.busy === 'remove'}
          removalError={edits.removal ? edits.error : null}
          onAskRemoval={edits.askRemoval}
          onRemovalReason={edits.onRemovalReason}
          onRemove={() => void edits.remove()}
          onKeep={edits.keep}
          onPrevious={list.previous}
          onNext={list.next}
        />
      )}
      {role !== null && !isAdmin && (
        <p class="hint" data-crm-sms="stop-list-admin-only">
          {translateMailing(lang, 'stopListAdminOnly')}
        </p>
      )}
    </section>
  );
}
