import { Fragment } from 'preact';
import { displayPhone } from '../../../../shared/phone-display';
import { STOP_LIST_SOURCE_LABELS, type StopListPage } from '../../../../shared/stop-list';
import { formatNumber } from '../../../i18n/format';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';
import { formatDateTime } from '../../mailings/datetime';

interface Props {
  language: Language;
  page: StopListPage;
  offset: number;
  pageSize: number;
  searching: boolean;
  /** Only an admin's token may take a number off: the others get no «Убрать». */
  canRemove: boolean;
  /** The number whose removal is being asked, with the reason typed so far. */
  removal: { phone: string; reason: string } | null;
  removing: boolean;
  /** Why the removal did not happen (no reason given, the relay's refusal). */
  removalError: UiError | null;
  onAskRemoval(phone: string): void;
  onRemovalReason(text: string): void;
  onRemove(): void;
  onKeep(): void;
  onPrevious(): void;
  onNext(): void;
}

/** The numbers on the stop list, newest first: each with its source, when, by whom and why; a page at a time. */
export function StopListTable({ language: lang, page, offset, pageSize, searching, canRemove, removal, ...on }: Props) {
  const t = (key: Parameters<typeof translateMailing>[1], values?: Record<string, string | number>) => translateMailing(lang, key, values);
  if (page.entries.length === 0) {
    return (
      <p class="hint" data-crm-sms="stop-list-empty">
        {t(searching ? 'stopListNotFound' : 'stopListEmpty')}
      </p>
    );
  }
  const columns = canRemove ? 6 : 5;
  return (
    <>
      <table class="grid" data-crm-sms="stop-list">
        <thead>
          <tr>
            <th>{t('colPhone')}</th>
            <th>{t('colSource')}</th>
            <th>{t('colAddedAt')}</th>
            <th>{t('colAddedBy')}</th>
            <th>{t('colReason')}</th>
            {canRemove && <th />}
          </tr>
        </thead>
        <tbody>
          {page.entries.map((entry) => (
            <Fragment key={entry.phone}>
              <tr data-crm-sms="stop-list-row" data-phone={entry.phone}>
                <td data-crm-sms="stop-list-phone">{displayPhone(entry.phone)}</td>
                <td data-crm-sms="stop-list-source">{STOP_LIST_SOURCE_LABELS[entry.source][lang]}</td>
                <td data-crm-sms="stop-list-at">{formatDateTime(entry.addedAt, lang)}</td>
                <td data-crm-sms="stop-list-by">{entry.addedBy}</td>
                <td data-crm-sms="stop-list-reason">{entry.reason ?? ''}</td>
                {canRemove && (
                  <td>
                    <button
                      type="button"
                      class="link"
                      data-crm-sms="stop-list-remove"
                      disabled={removal?.phone === entry.phone}
                      onClick={() => on.onAskRemoval(entry.phone)}
                    >
                      {t('remove')}
                    </button>
                  </td>
                )}
              </tr>
              {removal?.phone === entry.phone && (
                <tr data-crm-sms="stop-list-removal">
                  <td colSpan={columns}>
                    <label class="field">
                      {t('stopListRemoveReason')}
                      <input
                        class="full"
                        data-crm-sms="stop-list-removal-reason"
                        value={removal.reason}
                        onInput={(e) => on.onRemovalReason((e.target as HTMLInputElement).value)}
                      />
                    </label>
                    {on.removalError && (
                      <p class="error" data-crm-sms="stop-list-removal-error" role="alert">
                        {pickError(lang, on.removalError)}
                      </p>
                    )}
                    <div class="row">
                      <button type="button" class="danger" data-crm-sms="stop-list-removal-confirm" disabled={on.removing} onClick={on.onRemove}>
                        {t('stopListRemoveConfirm')}
                      </button>
                      <button type="button" data-crm-sms="stop-list-removal-keep" onClick={on.onKeep}>
                        {t('cancel')}
                      </button>
                    </div>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <div class="row">
        <button type="button" data-crm-sms="stop-list-previous" disabled={offset === 0} onClick={on.onPrevious}>
          {t('previousPage')}
        </button>
        <span data-crm-sms="stop-list-range">
          {t('stopListRange', {
            from: formatNumber(offset + 1, lang),
            to: formatNumber(offset + page.entries.length, lang),
            total: formatNumber(page.total, lang),
          })}
        </span>
        <button type="button" data-crm-sms="stop-list-next" disabled={offset + pageSize >= page.total} onClick={on.onNext}>
          {t('nextPage')}
        </button>
      </div>
    </>
  );
}
