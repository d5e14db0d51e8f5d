import { ask } from '../../messaging/client';
import type { FrameEvent } from '../../messaging/frame-protocol';

/** Tells the content script holding this frame (through the background) its height, or that it is done. */
export const tellHost = (ticket: string, event: FrameEvent): void => void ask('frameEvent', { ticket, event });
