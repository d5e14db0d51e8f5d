import type { StopListEntry, StopListImportAnswer, StopListNumberView, StopListPage, StopListSource } from '../../shared/stop-list';
import type { Clock } from '../clock';
import type { Turn } from '../contacts/time-slicer';
import { conflict, notFound } from '../domain/errors';
import type { StopListStore } from '../store/stop-list';
import type { CrmFlagEntries } from './crm-flag-entries';
import { readStopListFile } from './stop-list-file';
import { stopListPhone } from './stop-list-phone';

export interface StopListServiceDeps {
  stopList: StopListStore;
  clock: Clock;
  /** The country of numbers written without an international prefix. */
  defaultCountry: string;
  /** Told each number (E.164 digits) whose place on the list changed, once the change is stored: the provider sync pushes it. */
  changed?: (phone: string) => void;
  /** The numbers the CRM's «Не использовать SMS» lists: shown with the stored ones (after them), not stored. */
  crmFlags?: CrmFlagEntries;
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
  const { stopList, clock, defaultCountry, crmFlags } = deps;
  /** The numbers only a CRM flag lists (a stored entry of the same number is shown instead). */
  const flaggedOnly = (): string[] => (crmFlags ? crmFlags.numbers().filter((phone) => !stopList.has(phone)) : []);
  const iso = () => new Date(clock.now()).toISOString();
  const digitsOf = (phone: string, field?: string) => stopListPhone(phone, defaultCountry, field);

  const neverListed = (phone: string) => notFound('number', `${phone} on the stop list`, `Номера ${phone} нет в стоп-листе`);
  const listedByCrmFlag = (phone: string, crmId: string) =>
    conflict('listed_by_crm_flag', `${phone} is on the stop list because the contact ${crmId} is flagged «Не использовать SMS» in the CRM: clear the flag there`, {
      messageRu: `Номер ${phone} в стоп-листе, потому что у контакта ${crmId} в CRM стоит «Не использовать SMS»: снимите этот флаг в CRM`,
    });

  return {
    /** A page of the numbers on the list, newest first and then those a CRM flag lists; `q` keeps those whose digits hold its digits. */
    page(filter: { q?: string; offset: number; limit: number }): StopListPage {
      const digits = (filter.q ?? '').replace(/\D/g, '');
      const entries: StopListEntry[] = [];
      let total = 0;
      const take = (phone: string, entry: () => StopListEntry) => {
        if (digits && !phone.includes(digits)) return;
        // Only the entries of the page are worked out: a CRM flag's is read from its contact.
        if (total >= filter.offset && entries.length < filter.limit) entries.push(entry());
        total++;
      };
      for (const entry of stopList.newestFirst()) take(entry.phone, () => entry);
      for (const phone of flaggedOnly()) take(phone, () => crmFlags!.entry(phone)!);
      return { total, entries };
    },

    /** Every number on the list, newest first and then those a CRM flag lists (the CSV export). */
    all: (): StopListEntry[] => [...stopList.newestFirst(), ...flaggedOnly().flatMap((phone) => crmFlags!.entry(phone) ?? [])],

    /** The number's entry (a stored one, else a CRM flag's) and its history; 404 when it never was on the list. */
    view(phone: string): StopListNumberView {
      const digits = digitsOf(phone);
      const record = stopList.get(digits);
      const flagged = record?.entry ? undefined : crmFlags?.entry(digits);
      if (!record && !flagged) throw neverListed(digits);
      return { phone: digits, entry: record?.entry ?? flagged ?? null, history: record?.history ?? [] };
    },

    /** The number's stored entry while it is on the list, else null (a CRM flag's number has none: the flag's own rules apply to it). */
    entryOf: (phone: string): StopListEntry | null => stopList.entry(digitsOf(phone)) ?? null,

    /** Puts the number on the list; one already there keeps its entry (`created` false), never a second one. */
    async add(addition: Addition): Promise<{ entry: StopListEntry; created: boolean }> {
      const phone = digitsOf(addition.phone);
      const entry: StopListEntry = { phone, source: addition.source, addedAt: iso(), addedBy: addition.by, ...(addition.reason ? { reason: addition.reason } : {}) };
      const created = await stopList.add(entry);
      if (created) deps.changed?.(phone);
      return { entry: created ? entry : stopList.entry(phone)!, created };
    },

    /**
     * A CSV file's numbers onto the list (source "csv", by `by`), in one write taking turns: a number on
     * it already keeps its entry. A file that cannot be read as a whole is refused and stores nothing.
     */
    async importCsv(file: Uint8Array, by: string, turn: Turn): Promise<StopListImportAnswer> {
      // Reading the body took a turn's worth of work already: the file is read from the next one.
      await turn();
      const { rows, invalid } = await readStopListFile(file, defaultCountry, turn);
      const addedAt = iso();
      const entries = rows.map(({ phone, reason }): StopListEntry => ({ phone, source: 'csv', addedAt, addedBy: by, ...(reason ? { reason } : {}) }));
      const added = await stopList.addMany(entries, turn);
      for (const entry of added) deps.changed?.(entry.phone);
      return { added: added.length, already: rows.length - added.length, invalid };
    },

    /** Takes the number off the list, keeping who and why in its history; 404 when it is not on it. */
    async remove(phone: string, removal: { by: string; reason: string }): Promise<StopListNumberView> {
      const digits = digitsOf(phone);
      if (!(await stopList.remove(digits, { at: iso(), ...removal }))) {
        const flagged = crmFlags?.entry(digits);
        if (flagged) throw listedByCrmFlag(digits, flagged.addedBy);
        throw neverListed(digits);
      }
      deps.changed?.(digits);
      return stopList.get(digits)!;
    },
  };
}

export type StopListService = ReturnType<typeof createStopListService>;
