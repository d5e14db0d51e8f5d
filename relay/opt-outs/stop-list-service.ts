import type { StopListEntry, StopListNumberView, StopListPage, StopListSource } from '../../shared/stop-list';
import type { Clock } from '../clock';
import { notFound } from '../domain/errors';
import type { StopListStore } from '../store/stop-list';
import { stopListPhone } from './stop-list-phone';

export interface StopListServiceDeps {
  stopList: StopListStore;
  clock: Clock;
  /** The country of numbers written without an international prefix. */
  defaultCountry: string;
  /** Told each number (E.164 digits) whose place on the list changed, once the change is stored: the provider sync pushes it. */
  changed?: (phone: string) => void;
}

export interface Addition {
  phone: string;
  source: StopListSource;
  /** The user, or the provider a reply or list came from. */
  by: string;
  reason?: string;
}

/** The stop list as people and replies change it: numbers normalised, an addition once, a removal with its reason. */
export function createStopListService(deps: StopListServiceDeps) {
  const { stopList, clock, defaultCountry } = deps;
  const iso = () => new Date(clock.now()).toISOString();
  const digitsOf = (phone: string, field?: string) => stopListPhone(phone, defaultCountry, field);

  const neverListed = (phone: string) => notFound('number', `${phone} on the stop list`, `Номера ${phone} нет в стоп-листе`);

  return {
    /** A page of the numbers on the list, newest first; `q` keeps those whose digits hold its digits. */
    page(filter: { q?: string; offset: number; limit: number }): StopListPage {
      const digits = (filter.q ?? '').replace(/\D/g, '');
      const entries: StopListEntry[] = [];
      let total = 0;
      for (const entry of stopList.newestFirst()) {
        if (digits && !entry.phone.includes(digits)) continue;
        if (total >= filter.offset && entries.length < filter.limit) entries.push(entry);
        total++;
      }
      return { total, entries };
    },

    /** Every number on the list, newest first (the CSV export). */
    all: (): StopListEntry[] => [...stopList.newestFirst()],

    /** The number's entry and history; 404 when it never was on the list. */
    view(phone: string): StopListNumberView {
      const digits = digitsOf(phone);
      const record = stopList.get(digits);
      if (!record) throw neverListed(digits);
      return record;
    },

    /** The number's entry while it is on the list, else null. */
    entryOf: (phone: string): StopListEntry | null => stopList.entry(digitsOf(phone)) ?? null,

    /** Puts the number on the list; one already there keeps its entry (`created` false), never a second one. */
    async add(addition: Addition): Promise<{ entry: StopListEntry; created: boolean }> {
      const phone = digitsOf(addition.phone);
      const entry: StopListEntry = { phone, source: addition.source, addedAt: iso(), addedBy: addition.by, ...(addition.reason ? { reason: addition.reason } : {}) };
      const created = await stopList.add(entry);
      if (created) deps.changed?.(phone);
      return { entry: created ? entry : stopList.entry(phone)!, created };
    },

    /** Takes the number off the list, keeping who and why in its history; 404 when it is not on it. */
    async remove(phone: string, removal: { by: string; reason: string }): Promise<StopListNumberView> {
      const digits = digitsOf(phone);
      if (!(await stopList.remove(digits, { at: iso(), ...removal }))) throw neverListed(digits);
      deps.changed?.(digits);
      return stopList.get(digits)!;
    },
  };
}

export type StopListService = ReturnType<typeof createStopListService>;
