import type { Low } from 'lowdb';
import type { ContactFilter } from '../groups/contact-filter';
import { openJsonDb } from './json-db';

export interface GroupRecord {
  id: string;
  name: string;
  /** static: a fixed list of contacts; dynamic: a saved filter evaluated when a mailing starts. */
  kind: 'static' | 'dynamic';
  contacts: string[];
  filter: ContactFilter | null;
  createdAt: string;
  updatedAt: string;
}

interface GroupsFile {
  groups: GroupRecord[];
}

export class GroupStore {
  private constructor(private readonly db: Low<GroupsFile>) {}

  static async open(file: string): Promise<GroupStore> {
    return new GroupStore(await openJsonDb<GroupsFile>(file, { groups: [] }));
  }

  all(): readonly GroupRecord[] {
    return this.db.data.groups;
  }

  get(id: string): GroupRecord | undefined {
    return this.db.data.groups.find((g) => g.id === id);
  }

  async put(group: GroupRecord): Promise<void> {
    await this.db.update(({ groups }) => {
      const index = groups.findIndex((g) => g.id === group.id);
      if (index >= 0) groups[index] = group;
      else groups.push(group);
    });
  }

  async remove(id: string): Promise<boolean> {
    const before = this.db.data.groups.length;
    await this.db.update((data) => {
      data.groups = data.groups.filter((g) => g.id !== id);
    });
    return this.db.data.groups.length < before;
  }
}
