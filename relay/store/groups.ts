import type { GroupView } from '../../shared/groups';
import type { DataIo } from './data-io';
import { JsonDb } from './json-db';

/** A group is kept as the API shows it. */
export type GroupRecord = GroupView;

interface GroupsFile {
  groups: GroupRecord[];
}

export class GroupStore {
  private constructor(private readonly db: JsonDb<GroupsFile>) {}

  static async open(file: string, io?: DataIo): Promise<GroupStore> {
    return new GroupStore(await JsonDb.open<GroupsFile>(file, { groups: [] }, io));
  }

  /** How many writes changed the groups since they were opened. */
  get changes(): number {
    return this.db.changes;
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
