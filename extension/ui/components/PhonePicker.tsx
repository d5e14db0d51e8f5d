import type { PhoneCheck } from '../../messaging/protocol';
import { translate, type Language } from '../../i18n/texts';

export interface PhoneOption {
  number: string;
  label: string;
}

interface Props {
  language: Language;
  options: PhoneOption[];
  value: string;
  check: PhoneCheck | null;
  onChange(value: string): void;
}

/** The contact's numbers to pick from, an editable field, and the normalised number or why it is wrong. */
export function PhonePicker({ language, options, value, check, onChange }: Props) {
  return (
    <div class="crm-sms-field">
      <label class="crm-sms-label" for="crm-sms-phone">{translate(language, 'recipient')}</label>
      {options.length > 1 && (
        <select data-crm-sms="phone-select" value={options.some((o) => o.number === value) ? value : ''} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
          {options.map((o) => (
            <option key={o.number} value={o.number}>{o.label}</option>
          ))}
          <option value="">{translate(language, 'otherNumber')}</option>
        </select>
      )}
      <input
        id="crm-sms-phone"
        data-crm-sms="phone"
        type="tel"
        value={value}
        placeholder="+7 912 345-67-89"
        aria-invalid={check?.ok === false}
        onInput={(e) => onChange((e.target as HTMLInputElement).value)}
      />
      {options.length === 0 && !value && <div class="crm-sms-hint">{translate(language, 'noPhones')}</div>}
      {check?.ok === true && (
        <div class="crm-sms-hint" data-crm-sms="phone-normalised">{translate(language, 'willSendTo', { number: check.international })}</div>
      )}
      {check?.ok === false && value.trim() !== '' && (
        <div class="crm-sms-error" data-crm-sms="phone-error" role="alert">{language === 'ru' ? check.messageRu : check.message}</div>
      )}
    </div>
  );
}
