import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';

export class CorruptDataError extends Error {
  override name = 'CorruptDataError';
}

/**
 * Opens one lowdb JSON file. Writes go to a temporary file that is renamed over the old one
 * (lowdb's steno writer), so a crash leaves either the previous or the new file, never a torn one.
 * A file that is not valid JSON is refused rather than overwritten.
 */
export async function openJsonDb<T extends object>(file: string, defaults: T): Promise<Low<T>> {
  await mkdir(dirname(file), { recursive: true });
  // Compact JSON: the contact directory can be tens of MB, and indentation doubles every rewrite.
  const db = new Low<T>(new DataFile<T>(file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) }), defaults);
  await readJsonDb(db, file);
  return db;
}

export async function readJsonDb<T>(db: Low<T>, file: string): Promise<void> {
  try {
    await db.read();
  } catch (error) {
    throw new CorruptDataError(`${file} is not valid JSON (${(error as Error).message}); the relay did not write it this way — restore it from a backup or move it aside`);
  }
}
