interface Props {
  open: boolean;
  launcherLabel: string;
  closeLabel: string;
  /** The mailings page (the popup's own page) shown in the drawer. */
  src: string;
  onToggle(): void;
}

/** «СМС-рассылки» in the CRM page: a small launcher, and a side drawer with the same mailings page as the popup. */
export function MailingsDrawer({ open, launcherLabel, closeLabel, src, onToggle }: Props) {
  return (
    <>
      {!open && (
        <button type="button" class="crm-sms-launcher" data-crm-sms="mailings-launcher" onClick={onToggle}>
          {launcherLabel}
        </button>
      )}
      {open && (
        <aside class="crm-sms-drawer" data-crm-sms="mailings-drawer" aria-label={launcherLabel}>
          <div class="crm-sms-drawer-head">
            <strong>{launcherLabel}</strong>
            <button type="button" class="crm-sms-icon" data-crm-sms="mailings-drawer-close" title={closeLabel} aria-label={closeLabel} onClick={onToggle}>×</button>
          </div>
          <iframe class="crm-sms-drawer-frame" src={src} title={launcherLabel} />
        </aside>
      )}
    </>
  );
}
