import { translate, type Language } from '../../i18n/texts';
import type { LanguageSetting, Settings } from '../../settings/settings';

interface Props {
  language: Language;
  settings: Settings;
  saved: boolean;
  /** The address or token typed is not the one saved. */
  unsaved?: boolean;
  onChange(patch: Partial<Settings>): void;
  onSave(): void;
}

const COUNTRIES = ['RU', 'KZ', 'BY', 'UZ', 'KG', 'AM', 'GE', 'AZ', 'UA', 'US', 'GB', 'DE'];

export function OptionsForm({ language, settings, saved, unsaved = false, onChange, onSave }: Props) {
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  return (
    <form
      class="options"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <label>
        {translate(language, 'relayUrl')}
        <input data-crm-sms="relay-url" type="url" required value={settings.relayUrl} onInput={(e) => onChange({ relayUrl: value(e) })} />
      </label>
      <label>
        {translate(language, 'token')}
        <input data-crm-sms="token" type="password" autocomplete="off" value={settings.token} onInput={(e) => onChange({ token: value(e) })} />
        <small class="hint">{translate(language, 'tokenHint')}</small>
      </label>
      <label>
        {translate(language, 'defaultCountry')}
        <select value={settings.defaultCountry} onChange={(e) => onChange({ defaultCountry: value(e) })}>
          {COUNTRIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        {translate(language, 'language')}
        <select data-crm-sms="language" value={settings.language} onChange={(e) => onChange({ language: value(e) as LanguageSetting })}>
          <option value="auto">{translate(language, 'languageAuto')}</option>
          <option value="ru">Русский</option>
          <option value="en">English</option>
        </select>
      </label>
      <div class="row">
        <button type="submit" class="primary" data-crm-sms="save">
          {translate(language, 'save')}
        </button>
        {saved && (
          <span class="ok" data-crm-sms="saved">
            {translate(language, 'saved')}
          </span>
        )}
      </div>
      {unsaved && (
        <p class="hint" data-crm-sms="unsaved">
          {translate(language, 'unsavedChanges')}
        </p>
      )}
    </form>
  );
}
