import { pickError, translate, type Language } from '../../i18n/texts';
import type { ReadingHealthState } from '../hooks/useReadingHealth';
import { healthLines } from '../reading-health-text';

interface Props {
  language: Language;
  health: ReadingHealthState;
  /** An adapter's name (Creatio, Bitrix24…) by its id. */
  adapterName(id: string): string;
  onReload(): void;
}

/** «Чтение страницы»: for an admin, how the team's extensions read each CRM site, field by field. */
export function ReadingHealth({ language, health, adapterName, onReload }: Props) {
  return (
    <fieldset class="sites" data-crm-sms="read-health">
      <legend>{translate(language, 'readHealthTitle')}</legend>
      <p class="hint">{translate(language, 'readHealthHint')}</p>
      {health.state === 'admin-only' && <p data-crm-sms="read-health-admin-only">{translate(language, 'readHealthAdminOnly')}</p>}
      {health.state === 'error' && (
        <p class="error" data-crm-sms="read-health-error">
          {pickError(language, health.error)}
        </p>
      )}
      {health.state === 'done' && health.sites.length === 0 && <p data-crm-sms="read-health-empty">{translate(language, 'readHealthEmpty')}</p>}
      {health.state === 'done' &&
        health.sites.map((view) => (
          <section key={`${view.site} ${view.adapter}`} data-site={view.site} data-adapter={view.adapter}>
            <h2 class="hint">
              <code>{view.site}</code>
            </h2>
            <ul>
              {healthLines(view, language, adapterName(view.adapter)).map((line) => (
                <li key={line.field} data-field={line.field} class={line.missing > 0 ? 'error' : undefined}>
                  {line.text}
                </li>
              ))}
            </ul>
          </section>
        ))}
      <div class="row">
        <button type="button" data-crm-sms="read-health-reload" disabled={health.state === 'loading'} onClick={onReload}>
          {translate(language, health.state === 'loading' ? 'checking' : 'refresh')}
        </button>
      </div>
    </fieldset>
  );
}
