import { translateMailing, type Language } from '../../../i18n/texts';

interface Props {
  language: Language;
  phone: string;
  reason: string;
  adding: boolean;
  onPhone(value: string): void;
  onReason(value: string): void;
  onAdd(): void;
}

/** «Добавить номер»: a number typed in any form (+7 912 …, 8 912 …), with an optional reason. */
export function StopListAddForm({ language: lang, phone, reason, adding, onPhone, onReason, onAdd }: Props) {
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  return (
    <form
      class="panel"
      data-crm-sms="stop-list-add"
      onSubmit={(e) => {
        e.preventDefault();
        onAdd();
      }}
    >
      <h3>{translateMailing(lang, 'stopListAddTitle')}</h3>
      <div class="form-grid">
        <label>
          {translateMailing(lang, 'stopListPhone')}
          <input data-crm-sms="stop-list-add-phone" type="tel" value={phone} onInput={(e) => onPhone(value(e))} />
        </label>
        <label>
          {translateMailing(lang, 'stopListAddReason')}
          <input data-crm-sms="stop-list-add-reason" value={reason} onInput={(e) => onReason(value(e))} />
        </label>
      </div>
      <button type="submit" data-crm-sms="stop-list-add-button" disabled={adding || !phone.trim()}>
        {translateMailing(lang, adding ? 'addingToStopList' : 'addToStopList')}
      </button>
    </form>
  );
}
