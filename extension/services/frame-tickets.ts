import type { FrameView } from '../messaging/frame-protocol';

/** Where a ticket's frame lives: the tab, the frame of the content script that asked, its page origin. */
export interface FrameRoute {
  tabId: number;
  frameId: number;
  origin: string;
}

export interface TicketRecord extends FrameRoute {
  view: FrameView;
  issuedAt: number;
  redeemed: boolean;
}

/** Where tickets are kept: storage.session in the extension (it outlives a service worker's restart). */
export interface TicketStore {
  get(ticket: string): Promise<TicketRecord | null>;
  set(ticket: string, record: TicketRecord): Promise<void>;
  remove(tickets: string[]): Promise<void>;
  all(): Promise<Array<[string, TicketRecord]>>;
}

/** A frame must load and redeem its ticket this soon after the content script asked for it. */
export const REDEEM_WITHIN_MS = 30_000;
/** A redeemed ticket keeps routing its frame's events this long. */
const KEEP_MS = 12 * 60 * 60 * 1000;

/**
 * Tickets for the in-page frames. Only the content script of an enabled site gets one (the caller
 * checks the site); it goes into the frame's address inside a closed shadow root, so the page never
 * sees it. A ticket is redeemed once, from the same tab, soon; a frame without one shows nothing.
 */
export function createFrameTickets(deps: { store: TicketStore; now?: () => number; newTicket?: () => string }) {
  const now = deps.now ?? Date.now;
  const newTicket = deps.newTicket ?? (() => crypto.randomUUID());
  const { store } = deps;

  async function prune(): Promise<void> {
    // An unredeemed ticket is useless once its redeem window is over; a redeemed one is kept for KEEP_MS.
    const old = (await store.all()).filter(([, record]) => now() - record.issuedAt > (record.redeemed ? KEEP_MS : REDEEM_WITHIN_MS)).map(([ticket]) => ticket);
    if (old.length > 0) await store.remove(old);
  }

  return {
    async issue(view: FrameView, route: FrameRoute): Promise<string> {
      await prune();
      const ticket = newTicket();
      await store.set(ticket, { ...route, view, issuedAt: now(), redeemed: false });
      return ticket;
    },
    /** The view and route for the frame redeeming `ticket` in tab `tabId`, or null: unknown, used, late or another tab. */
    async redeem(ticket: string, tabId: number | undefined): Promise<TicketRecord | null> {
      const record = typeof ticket === 'string' ? await store.get(ticket) : null;
      if (!record || record.redeemed || record.tabId !== tabId || now() - record.issuedAt > REDEEM_WITHIN_MS) return null;
      const redeemed = { ...record, redeemed: true };
      await store.set(ticket, redeemed);
      return redeemed;
    },
    /** Where an event of the frame holding `ticket` goes, if that frame (same tab) redeemed it. */
    async routeOf(ticket: string, tabId: number | undefined): Promise<FrameRoute | null> {
      const record = typeof ticket === 'string' ? await store.get(ticket) : null;
      return record?.redeemed && record.tabId === tabId ? record : null;
    },
  };
}

export type FrameTickets = ReturnType<typeof createFrameTickets>;
