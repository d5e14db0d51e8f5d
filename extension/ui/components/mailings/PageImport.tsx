import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { PageImportState } from '../../hooks/mailings/usePageImport';

interface Props {
  language: Language;
  state: PageImportState;
  onRun(): void;
}

/** «Добавить контакты с этой страницы»: the CRM list open in the tab, into the relay's contact directory. */
export function PageImport({ language: lang, state, onRun }: Props) {
  return (
    <div class="check-row">
      <button type="button" data-crm-sms="import-page" disabled={state.state === 'reading'} onClick={onRun}>
        {translateMailing(lang, 'importFromPage')}
      </button>
      <output data-crm-sms="import-result" class={state.state === 'error' ? 'error' : 'ok'}>
        {state.state === 'done' && translateMailing(lang, 'importResult', { ...state.result })}
        {state.state === 'empty' && translateMailing(lang, 'importEmpty')}
        {state.state === 'error' && pickError(lang, state.error)}
      </output>
    </div>
  );
}
