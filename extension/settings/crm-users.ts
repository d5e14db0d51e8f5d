import { storage, type WxtStorageItem } from 'wxt/utils/storage';

/** Per site origin, the CRM user signed in there as the last card read showed. */
export type CrmUserRecord = Record<string, string>;

export interface CrmUserStore {
  load(): Promise<CrmUserRecord>;
  save(record: CrmUserRecord): Promise<void>;
}

/** The CRM's signed-in user per site, remembered from card reads: a new mailing's «Ответственный». */
export interface CrmUsers {
  remember(origin: string, name: string): Promise<void>;
  /** The user of the first of these sites that has one remembered. */
  firstOf(origins: readonly string[]): Promise<string | null>;
}

const MAX_SITES = 100;
const MAX_NAME = 200;

export function createCrmUsers(store: CrmUserStore): CrmUsers {
  // One background: its writes queue up, so two tabs read at once cannot drop each other's user.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    remember(origin, name) {
      const user = name.trim().slice(0, MAX_NAME);
      const run = queue.then(async () => {
        const record = await store.load();
        if (!user || record[origin] === user) return;
        const { [origin]: _old, ...others } = record;
        // The most recently seen site last; the oldest go beyond MAX_SITES.
        const kept = Object.entries(others).slice(-(MAX_SITES - 1));
        await store.save({ ...Object.fromEntries(kept), [origin]: user });
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async firstOf(origins) {
      await queue;
      const record = await store.load();
      for (const origin of origins) if (Object.hasOwn(record, origin)) return record[origin]!;
      return null;
    },
  };
}

// Defined when first used: defining an item reads storage at once, which only the extension has.
let crmUsersItem: WxtStorageItem<CrmUserRecord, {}> | undefined;
const item = () => (crmUsersItem ??= storage.defineItem<CrmUserRecord>('local:crm-current-users', { fallback: {} }));

/** In extension storage (local): kept across browser restarts. */
export const browserCrmUserStore: CrmUserStore = {
  load: () => item().getValue(),
  save: (record) => item().setValue(record),
};
