import { useState } from 'preact/hooks';
import { translate, type Language } from '../../i18n/texts';
import type { SiteSetting } from '../../settings/settings';

interface Props {
  language: Language;
  /** The relay's own origin (its demo CRM): always enabled, not removable here. */
  relayOrigin: string | null;
  sites: SiteSetting[];
  error: 'invalid' | 'denied' | null;
  onAdd(input: string): Promise<boolean>;
  onRemove(origin: string): void;
  onToggleGeneric(origin: string, generic: boolean): void;
}

export function SitesEditor({ language, relayOrigin, sites, error, onAdd, onRemove, onToggleGeneric }: Props) {
  const [draft, setDraft] = useState('');
  return (
    <fieldset class="sites">
      <legend>{translate(language, 'sites')}</legend>
      <p class="hint">{translate(language, 'sitesHint')}</p>
      <ul data-crm-sms="sites">
        {relayOrigin && (
          <li key={relayOrigin} data-origin={relayOrigin} data-built-in="">
            <code>{relayOrigin}</code>
            <span class="hint">{translate(language, 'siteRelay')}</span>
          </li>
        )}
        {sites
          .filter((site) => site.origin !== relayOrigin)
          .map((site) => (
            <li key={site.origin} data-origin={site.origin}>
              <code>{site.origin}</code>
              <label>
                <input type="checkbox" checked={site.generic} onChange={(e) => onToggleGeneric(site.origin, (e.target as HTMLInputElement).checked)} />
                {translate(language, 'siteGeneric')}
              </label>
              <button type="button" class="link" onClick={() => onRemove(site.origin)}>
                {translate(language, 'siteRemove')}
              </button>
            </li>
          ))}
      </ul>
      <form
        class="add-site"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await onAdd(draft)) setDraft('');
        }}
      >
        <input
          data-crm-sms="site-input"
          value={draft}
          placeholder={translate(language, 'sitePlaceholder')}
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        />
        <button type="submit">{translate(language, 'siteAdd')}</button>
      </form>
      {error && <p class="error">{translate(language, error === 'invalid' ? 'siteInvalid' : 'siteDenied')}</p>}
    </fieldset>
  );
}
