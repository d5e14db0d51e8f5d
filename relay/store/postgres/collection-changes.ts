import type { Pool, PoolClient } from 'pg';

/** The collections whose writes are counted in collection_changes. */
export type CountedCollection = 'groups' | 'stop_list' | 'consents';

/** Counts a write of the collection: called inside the write's transaction, so the count and the write commit together. */
export async function countChange(client: PoolClient, collection: CountedCollection): Promise<void> {
  await client.query(
    `INSERT INTO collection_changes (collection, changes) VALUES ($1, 1)
     ON CONFLICT (collection) DO UPDATE SET changes = collection_changes.changes + 1`,
    [collection],
  );
}

/** How many writes changed the collection, by any relay on the database; it only grows. */
export async function changesOf(pool: Pool, collection: CountedCollection): Promise<number> {
  const { rows } = await pool.query<{ changes: string }>('SELECT changes FROM collection_changes WHERE collection = $1', [collection]);
  return rows[0] ? Number(rows[0].changes) : 0;
}
