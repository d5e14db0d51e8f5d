import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupStore } from '../../relay/store/groups';
import { describeGroupStore, type AsyncGroupStore } from './group-store.contract';

const wrapped = (store: GroupStore): AsyncGroupStore => ({
  changes: async () => store.changes,
  all: async () => structuredClone(store.all()),
  get: async (id) => structuredClone(store.get(id)),
  put: (group) => store.put(group),
  remove: (id) => store.remove(id),
});

/** The relay's own groups.json in a fresh temporary folder. */
describeGroupStore('groups.json', {
  async open() {
    const file = join(mkdtempSync(join(tmpdir(), 'group-store-')), 'groups.json');
    return { store: wrapped(await GroupStore.open(file)), again: async () => wrapped(await GroupStore.open(file)) };
  },
});
