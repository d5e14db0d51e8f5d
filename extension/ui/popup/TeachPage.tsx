import { pickError, translate, type Language } from '../../i18n/texts';
import type { TeachPageState } from './use-teach-page';

/** «Настроить чтение страницы»: opens the teach panel on the CRM page in the tab. */
export function TeachPage({ language, state, onStart }: { language: Language; state: TeachPageState; onStart(): void }) {
  return (
    <div class="check-row">
      <button type="button" data-crm-sms="teach-page" disabled={state.state === 'asking'} onClick={onStart}>
        {translate(language, 'teachStart')}
      </button>
      <output data-crm-sms="teach-result" class={state.state === 'error' || state.state === 'no_page' ? 'error' : 'ok'}>
        {state.state === 'started' && translate(language, 'teachStarted')}
        {state.state === 'no_page' && translate(language, 'teachNoPage')}
        {state.state === 'error' && pickError(language, state.error)}
      </output>
    </div>
  );
}
