import { useEffect } from 'preact/hooks';

/** Focuses the field once the frame gets the focus (the content script gives it when the frame loads). */
export function useFocusOnArrival(selector: string): void {
  useEffect(() => {
    const focus = () => document.querySelector<HTMLElement>(selector)?.focus();
    if (document.hasFocus()) focus();
    window.addEventListener('focus', focus, { once: true });
    return () => window.removeEventListener('focus', focus);
  }, [selector]);
}
