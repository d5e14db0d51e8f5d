interface Props {
  label: string;
  title: string;
  onClick(event: Event): void;
}

export function SmsButton({ label, title, onClick }: Props) {
  return (
    <button type="button" class="crm-sms-button" data-crm-sms="button" title={title} onClick={onClick}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path d="M2 3h12v8H6l-3 3v-3H2z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
      </svg>
      {label}
    </button>
  );
}
