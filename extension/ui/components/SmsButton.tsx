interface Props {
  label: string;
  title: string;
  /** Unread replies of the contact: a dot with the count (none when 0), said in `unreadWords` too. */
  unread?: number;
  unreadWords?: string;
  onClick(event: Event): void;
}

export function SmsButton({ label, title, unread = 0, unreadWords = '', onClick }: Props) {
  const marked = unread > 0;
  return (
    <button
      type="button"
      class="crm-sms-button"
      data-crm-sms="button"
      title={marked ? `${title} — ${unreadWords}` : title}
      aria-label={marked ? `${label}: ${unreadWords}` : undefined}
      onClick={onClick}
    >
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path d="M2 3h12v8H6l-3 3v-3H2z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
      </svg>
      {label}
      {marked && (
        <span class="crm-sms-unread" data-crm-sms="unread-mark" aria-hidden="true">
          {unread}
        </span>
      )}
    </button>
  );
}
