import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ask } from '../messaging/client';
import type { FrameEvent, FrameView } from '../messaging/frame-protocol';
import { onFrameEvents } from './frame-events';

const IN_PAGE = '/in-page.html';

/**
 * A frame of the extension's in-page page showing `view` (fixed when the frame opens): a one-time
 * ticket from the background goes into its address, then its events come back to `onEvent`.
 */
export function useInPageFrame(view: FrameView, onEvent: (event: FrameEvent) => void): { src: string | null } {
  const [src, setSrc] = useState<string | null>(null);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    let live = true;
    let stop = () => {};
    void ask('openFrame', { view }).then((result) => {
      if (!live || !result.ok) return;
      stop = onFrameEvents(result.value.ticket, (event) => handler.current(event));
      setSrc(`${browser.runtime.getURL(IN_PAGE as '/popup.html')}#${result.value.ticket}`);
    });
    return () => {
      live = false;
      stop();
    };
  }, []);
  return { src };
}
