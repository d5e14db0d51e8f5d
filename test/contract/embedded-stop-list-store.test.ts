import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { StopListStore } from '../../relay/store/stop-list';
import { describeStopListStore, type AsyncStopListStore } from './stop-list-store.contract';

async function* each<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield structuredClone(item);
}

const wrapped = (store: StopListStore): AsyncStopListStore => ({
  has: async (phone) => store.has(phone),
  listedAmong: async (phones) => new Set(phones.filter((phone) => store.has(phone))),
  entry: async (phone) => structuredClone(store.entry(phone)),
  get: async (phone) => structuredClone(store.get(phone)),
  changes: async () => store.changes,
  size: async () => store.size,
  newestFirst: () => each(store.newestFirst()),
  everyNumber: () => each(store.everyNumber()),
  add: (entry) => store.add(entry),
  addMany: (entries, turn) => store.addMany(entries, turn),
  remove: (phone, removal) => store.remove(phone, removal),
  removeMany: (phones, removal) => store.removeMany(phones, removal),
});

const opened: StopListStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

const openAt = (file: string) => {
  const store = StopListStore.open(file);
  opened.push(store);
  return wrapped(store);
};

/** The relay's own stop-list.jsonl in a fresh temporary folder. */
describeStopListStore('stop-list.jsonl', {
  async open() {
    const file = join(mkdtempSync(join(tmpdir(), 'stop-list-store-')), 'stop-list.jsonl');
    return { store: openAt(file), again: async () => openAt(file) };
  },
});
