import type { PhoneCheck } from '../../messaging/protocol';
import { translate, type Language } from '../../i18n/texts';
import { usePhoneCombobox } from '../hooks/usePhoneCombobox';

export interface PhoneOption {
  /** As the card shows it: picking the option puts this in the field. */
  number: string;
  /** «мобильный», «рабочий»… */
  kind: string;
}

interface Props {
  language: Language;
  options: PhoneOption[];
  value: string;
  check: PhoneCheck | null;
  onChange(value: string): void;
}

const LIST_ID = 'crm-sms-phone-list';
const optionId = (index: number) => `crm-sms-phone-option-${index}`;

/**
 * One field for the number: type any, or pick one of the contact's from its list (a combobox); under it
 * the number as it will be sent, or why it cannot be.
 */
export function PhonePicker({ language, options, value, check, onChange }: Props) {
  const combo = usePhoneCombobox({ options: options.map((o) => o.number), value, onPick: onChange });
  const hasList = options.length > 0;
  return (
    <div class="crm-sms-field">
      <label class="crm-sms-label" for="crm-sms-phone">
        {translate(language, 'recipient')}
      </label>
      <div class="crm-sms-combo">
        <input
          id="crm-sms-phone"
          data-crm-sms="phone"
          // A combobox is a text input (ARIA in HTML); the phone keypad comes from inputMode.
          type="text"
          inputMode="tel"
          autocomplete="off"
          value={value}
          placeholder="+7 912 345-67-89"
          aria-invalid={check?.ok === false}
          {...(hasList && {
            role: 'combobox',
            'aria-autocomplete': 'none',
            'aria-controls': LIST_ID,
            'aria-expanded': combo.open,
            'aria-activedescendant': combo.open ? optionId(combo.active) : undefined,
          })}
          onInput={(e) => {
            combo.onClose();
            onChange((e.target as HTMLInputElement).value);
          }}
          onKeyDown={combo.onKeyDown}
          onBlur={combo.onClose}
        />
        {hasList && (
          <button
            type="button"
            class="crm-sms-combo-toggle"
            data-crm-sms="phone-toggle"
            tabIndex={-1}
            aria-label={translate(language, 'showContactNumbers')}
            aria-controls={LIST_ID}
            aria-expanded={combo.open}
            // Keeps the focus in the field: the list belongs to it.
            onMouseDown={(e) => e.preventDefault()}
            onClick={combo.onToggle}
          >
            ▾
          </button>
        )}
        {hasList && (
          <ul id={LIST_ID} class="crm-sms-combo-list" data-crm-sms="phone-options" role="listbox" aria-label={translate(language, 'contactNumbers')} hidden={!combo.open}>
            {options.map((option, index) => (
              <li
                key={index}
                id={optionId(index)}
                role="option"
                data-crm-sms="phone-option"
                aria-selected={combo.open && index === combo.active}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => combo.onHover(index)}
                onClick={() => combo.onPick(index)}
              >
                {option.number} <small>{option.kind}</small>
              </li>
            ))}
          </ul>
        )}
      </div>
      {!hasList && !value && <div class="crm-sms-hint">{translate(language, 'noPhones')}</div>}
      {check?.ok === true && (
        <div class="crm-sms-hint" data-crm-sms="phone-normalised">
          {translate(language, 'willSendTo', { number: check.international })}
        </div>
      )}
      {check?.ok === false && value.trim() !== '' && (
        <div class="crm-sms-error" data-crm-sms="phone-error" role="alert">
          {language === 'ru' ? check.messageRu : check.message}
        </div>
      )}
    </div>
  );
}
