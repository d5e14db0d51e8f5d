import type { ContactRead } from '../crm/types';
import type { Language } from '../i18n/texts';

/**
 * What a frame of the extension's in-page page (in-page.html, in a CRM page) shows. The content
 * script asks the background for it and gets a one-time ticket; the frame redeems the ticket.
 */
export type FrameView = { kind: 'dialog'; crmId: string; contact: ContactRead } | { kind: 'sent'; crmId: string } | { kind: 'mailings' };

/** What the frame may tell the content script that holds it: nothing else crosses (repliesRead: the conversation marked its replies read). */
export type FrameEvent = { type: 'resize'; height: number } | { type: 'close' } | { type: 'repliesRead' };

/** A redeemed ticket: the view, the language, and the page origin that asked for it. */
export interface FrameGrant {
  view: FrameView;
  language: Language;
  origin: string;
}

/** The background's note to extension pages (never to content scripts) that a contact's sent list changed. */
export interface MessagesChanged {
  crmSmsPush: 'messagesChanged';
  crmId: string;
}

export const isMessagesChanged = (value: unknown): value is MessagesChanged =>
  typeof value === 'object' && value !== null && (value as { crmSmsPush?: unknown }).crmSmsPush === 'messagesChanged';

export const isFrameEvent = (value: unknown): value is FrameEvent => {
  const event = value as { type?: unknown; height?: unknown } | null;
  if (typeof event !== 'object' || event === null) return false;
  return event.type === 'close' || event.type === 'repliesRead' || (event.type === 'resize' && typeof event.height === 'number' && Number.isFinite(event.height));
};
