import { useEffect, useRef } from 'preact/hooks';
import { tellHost } from '../in-page/tell-host';

/** The element's height, told to the content script holding this frame whenever it changes. */
export function useReportedHeight(ticket: string) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let last = -1;
    const observer = new ResizeObserver(() => {
      const height = Math.ceil(el.getBoundingClientRect().height);
      if (height !== last) tellHost(ticket, { type: 'resize', height: (last = height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ticket]);
  return ref;
}
