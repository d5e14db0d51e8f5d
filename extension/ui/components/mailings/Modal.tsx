import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  title: string;
  name: string;
  closeLabel: string;
  onClose(): void;
  children: ComponentChildren;
  footer?: ComponentChildren;
}

/**
 * A dialog over the page: title, body, actions; Escape, the × and a click outside close it. It takes
 * the focus when it opens (its first field, else itself), so Escape and typing work at once.
 */
export function Modal({ title, name, closeLabel, onClose, children, footer }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.contains(document.activeElement)) (el.querySelector<HTMLElement>('input, textarea, select') ?? el).focus();
  }, []);
  return (
    <div class="crm-sms-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        tabIndex={-1}
        class="crm-sms-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-crm-sms={name}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <header class="crm-sms-dialog-head">
          <h2>{title}</h2>
          <button type="button" class="crm-sms-icon" aria-label={closeLabel} onClick={onClose}>
            ×
          </button>
        </header>
        {children}
        {footer && <footer class="crm-sms-actions">{footer}</footer>}
      </div>
    </div>
  );
}
