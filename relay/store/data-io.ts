import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { StorageError } from './storage-error';

/**
 * The file-system calls through which the relay writes its data folder. Passed in (never imported
 * straight from node:fs by the stores) so that a test can make any write fail the way a full,
 * read-only or broken disk does.
 */
export interface DataIo {
  openSync(path: string, flags: string): number;
  closeSync(fd: number): void;
  /** Closes on the thread pool: the last handle of a replaced big file frees its blocks in the close. */
  close(fd: number): Promise<void>;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number;
  fsyncSync(fd: number): void;
  /** The same flush on the thread pool: the event loop goes on while the disk catches up. */
  fsync(fd: number): Promise<void>;
  ftruncateSync(fd: number, length: number): void;
  renameSync(from: string, to: string): void;
}

export const nodeIo: DataIo = {
  openSync: (path, flags) => fs.openSync(path, flags),
  closeSync: (fd) => fs.closeSync(fd),
  close: (fd) => new Promise((resolve, reject) => fs.close(fd, (error) => (error ? reject(error) : resolve()))),
  writeSync: (fd, buffer, offset, length, position) => fs.writeSync(fd, buffer, offset, length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  fsync: (fd) => new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve()))),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  renameSync: (from, to) => fs.renameSync(from, to),
};

/**
 * Writes every byte of `data` at `position` (a short write is continued, not taken for done). When
 * the file system fails part-way, the bytes that did land are cut off again where it lets us, and
 * the failure is thrown as a StorageError: the file holds all of `data` or, as far as the disk
 * allows, none of it.
 */
export function writeAllAt(io: DataIo, fd: number, data: Buffer, position: number, file: string): void {
  let done = 0;
  try {
    while (done < data.length) {
      const written = io.writeSync(fd, data, done, data.length - done, position + done);
      if (written <= 0) throw Object.assign(new Error(`${file}: the disk took no bytes`), { code: 'EIO' });
      done += written;
    }
  } catch (error) {
    if (done > 0) {
      try {
        io.ftruncateSync(fd, position);
      } catch {
        // The torn bytes stay; whoever writes next truncates to its own end first, and a reader cuts a torn tail.
      }
    }
    throw StorageError.from(error, file);
  }
}

export function syncFile(io: DataIo, fd: number, file: string): void {
  try {
    io.fsyncSync(fd);
  } catch (error) {
    throw StorageError.from(error, file);
  }
}

/**
 * syncFile for long work that already takes turns (a compaction, an import written in parts): on a
 * busy disk one fsync can take a tenth of a second, which the event loop should not spend waiting.
 * The caller holds the file meanwhile: nothing else writes to it until this resolves.
 */
export async function syncFileInTurn(io: DataIo, fd: number, file: string): Promise<void> {
  try {
    await io.fsync(fd);
  } catch (error) {
    throw StorageError.from(error, file);
  }
}

/** Makes a rename (or a new file) in `dir` itself survive a power cut. */
export function syncDirectory(io: DataIo, dir: string): void {
  let fd: number | undefined;
  try {
    fd = io.openSync(dir, 'r');
    io.fsyncSync(fd);
  } catch (error) {
    throw StorageError.from(error, dir);
  } finally {
    if (fd !== undefined) io.closeSync(fd);
  }
}

/** syncDirectory for long work that takes turns (see syncFileInTurn). */
export async function syncDirectoryInTurn(io: DataIo, dir: string): Promise<void> {
  let fd: number | undefined;
  try {
    fd = io.openSync(dir, 'r');
    await io.fsync(fd);
  } catch (error) {
    throw StorageError.from(error, dir);
  } finally {
    if (fd !== undefined) io.closeSync(fd);
  }
}

/**
 * Replaces `file` with `data` so that a crash or power cut at any moment leaves the old or the new
 * content: a temporary file written in full and fsync'd, renamed over the old one, then the folder fsync'd.
 */
export function replaceFileDurably(io: DataIo, file: string, data: string | Buffer): void {
  const temp = `${file}.tmp`;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number;
  try {
    fd = io.openSync(temp, 'w');
  } catch (error) {
    throw StorageError.from(error, temp);
  }
  try {
    writeAllAt(io, fd, bytes, 0, temp);
    syncFile(io, fd, temp);
  } catch (error) {
    io.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  io.closeSync(fd);
  try {
    io.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw StorageError.from(error, file);
  }
  syncDirectory(io, dirname(file));
}
