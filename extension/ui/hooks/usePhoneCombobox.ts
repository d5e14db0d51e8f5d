import { useState } from 'preact/hooks';

/**
 * The open/closed list and the highlighted option of a combobox over a few fixed options (the
 * contact's numbers), keyed as the WAI-ARIA combobox pattern keys it: ↓/↑ open and move, Enter picks,
 * Escape closes the list only (a second Escape is the dialog's), typing closes it.
 */
export function usePhoneCombobox(params: { options: readonly string[]; value: string; onPick(value: string): void }) {
  const { options, value, onPick } = params;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const count = options.length;

  const show = (index: number) => {
    setActive(((index % count) + count) % count);
    setOpen(true);
  };
  /** Opening highlights the number in the field, when it is one of the contact's. */
  const current = () => Math.max(0, options.indexOf(value));
  const pick = (index: number) => {
    setOpen(false);
    const chosen = options[index];
    if (chosen !== undefined) onPick(chosen);
  };

  function onKeyDown(event: KeyboardEvent) {
    if (count === 0) return;
    const { key, altKey } = event;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      event.preventDefault();
      if (altKey && key === 'ArrowUp') return open ? pick(active) : undefined;
      if (!open) return show(altKey || key === 'ArrowDown' ? current() : count - 1);
      if (!altKey) show(active + (key === 'ArrowDown' ? 1 : -1));
    } else if (key === 'Enter' && open) {
      event.preventDefault();
      pick(active);
    } else if (key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
    }
  }

  return {
    open: open && count > 0,
    active,
    onKeyDown,
    onToggle: () => (open ? setOpen(false) : show(current())),
    onPick: pick,
    onHover: (index: number) => setActive(index),
    onClose: () => setOpen(false),
  };
}
