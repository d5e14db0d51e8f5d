import type { Pool } from 'pg';
import type { GroupRecord } from '../groups';
import { changesOf, countChange } from './collection-changes';
import { inTransaction } from './transaction';

/**
 * Contact groups (relay/store/groups.ts) in PostgreSQL: each group as the API shows it, listed in the order it was
 * first put (a group put again keeps its place), a write and its count in `changes` in one transaction.
 */
export class PgGroupStore {
  constructor(private readonly pool: Pool) {}

  /** How many writes changed the groups, by any relay: it grows with every put and remove. */
  changes(): Promise<number> {
    return changesOf(this.pool, 'groups');
  }

  async all(): Promise<GroupRecord[]> {
    const { rows } = await this.pool.query<{ record: GroupRecord }>('SELECT record FROM groups ORDER BY seq');
    return rows.map((row) => row.record);
  }

  async get(id: string): Promise<GroupRecord | undefined> {
    const { rows } = await this.pool.query<{ record: GroupRecord }>('SELECT record FROM groups WHERE id = $1', [id]);
    return rows[0]?.record;
  }

  /** Stores the group: a new one after the others, one with a known id in its place. */
  async put(group: GroupRecord): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO groups (id, record) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET record = excluded.record', [group.id, JSON.stringify(group)]);
      await countChange(client, 'groups');
    });
  }

  /** Whether there was such a group to remove. */
  async remove(id: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('DELETE FROM groups WHERE id = $1', [id]);
      await countChange(client, 'groups');
      return (rowCount ?? 0) > 0;
    });
  }
}
