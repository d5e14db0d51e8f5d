interface Props {
  text: string;
  closeLabel: string;
  onClose(): void;
}

/** A one-line modal such as «Сообщение отправлено». */
export function NoticeModal({ text, closeLabel, onClose }: Props) {
  return (
    <div class="crm-sms-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="crm-sms-dialog crm-sms-notice" role="alertdialog" aria-modal="true" data-crm-sms="notice">
        <p>{text}</p>
        <footer class="crm-sms-actions">
          <button type="button" class="crm-sms-primary" data-crm-sms="notice-close" onClick={onClose}>
            {closeLabel}
          </button>
        </footer>
      </div>
    </div>
  );
}
