import { browser } from 'wxt/browser';
import type { TicketRecord, TicketStore } from './frame-tickets';

const PREFIX = 'frame-ticket:';

/** Frame tickets in storage.session: they outlive a restart of the background, not the browser session. */
export const sessionTicketStore: TicketStore = {
  async get(ticket) {
    const key = PREFIX + ticket;
    return ((await browser.storage.session.get(key))[key] as TicketRecord | undefined) ?? null;
  },
  set: (ticket, record) => browser.storage.session.set({ [PREFIX + ticket]: record }),
  remove: (tickets) => browser.storage.session.remove(tickets.map((t) => PREFIX + t)),
  async all() {
    const items = await browser.storage.session.get(null);
    return Object.entries(items)
      .filter(([key]) => key.startsWith(PREFIX))
      .map(([key, record]) => [key.slice(PREFIX.length), record as TicketRecord]);
  },
};
