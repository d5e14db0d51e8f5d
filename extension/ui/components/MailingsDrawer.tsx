import type { ComponentChildren } from 'preact';

interface Props {
  open: boolean;
  launcherLabel: string;
  /** The mailings page's frame (it has its own close button). */
  frame: ComponentChildren;
  onOpen(event: Event): void;
}

/** «СМС-рассылки» in the CRM page: a small launcher, and a side drawer with the same mailings page as the popup. */
export function MailingsDrawer({ open, launcherLabel, frame, onOpen }: Props) {
  if (!open) {
    return (
      <button type="button" class="crm-sms-launcher" data-crm-sms="mailings-launcher" onClick={onOpen}>
        {launcherLabel}
      </button>
    );
  }
  return (
    <aside class="crm-sms-drawer" data-crm-sms="mailings-drawer" aria-label={launcherLabel}>
      {frame}
    </aside>
  );
}
