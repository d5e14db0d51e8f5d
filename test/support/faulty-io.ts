import { nodeIo, type DataIo } from '../../relay/store/data-io';

export type IoOperation = 'open' | 'write' | 'fsync' | 'truncate' | 'rename';

export interface FaultRule {
  /** The errno code to fail with: ENOSPC, EROFS, EIO, EDQUOT … */
  code: string;
  /** Which calls fail (all writes when absent). */
  operations?: IoOperation[];
  /** Which files (by path) the rule applies to. */
  path?: (path: string) => boolean;
  /** For writes: let this many bytes of the call land before failing, as a disk that fills mid-write does. */
  partialBytes?: number;
}

export interface FaultyIo extends DataIo {
  /** Makes matching calls fail from now on (replacing any earlier rule). */
  fail(rule: FaultRule): void;
  /** Space is back: every call goes through again. */
  heal(): void;
  /** Every call made, in order, with the path it concerned (for checking fsync before rename …). */
  readonly log: { operation: IoOperation; path: string }[];
  /** How many calls failed. */
  readonly failures: number;
}

const errnoError = (code: string, path: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: injected failure, ${path}`), { code, path });

/** The relay's real file layer, with failures injected the way a full, read-only or broken disk fails. */
export function faultyIo(real: DataIo = nodeIo): FaultyIo {
  const paths = new Map<number, string>();
  let rule: FaultRule | null = null;
  const io = {
    log: [] as FaultyIo['log'],
    failures: 0,
    fail: (next: FaultRule) => void (rule = next),
    heal: () => void (rule = null),
  };
  const failing = (operation: IoOperation, path: string): FaultRule | null => {
    io.log.push({ operation, path });
    if (!rule) return null;
    if (rule.operations && !rule.operations.includes(operation)) return null;
    if (rule.path && !rule.path(path)) return null;
    return rule;
  };
  const check = (operation: IoOperation, path: string): void => {
    const broken = failing(operation, path);
    if (broken) {
      io.failures++;
      throw errnoError(broken.code, path);
    }
  };
  const faulty: FaultyIo = Object.assign(io, {
    openSync(path: string, flags: string): number {
      // Opening to read never fails; opening to write fails like a write.
      if (flags === 'r') io.log.push({ operation: 'open', path });
      else check('open', path);
      const fd = real.openSync(path, flags);
      paths.set(fd, path);
      return fd;
    },
    closeSync(fd: number): void {
      paths.delete(fd);
      real.closeSync(fd);
    },
    async close(fd: number): Promise<void> {
      paths.delete(fd);
      await real.close(fd);
    },
    writeSync(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number {
      const path = paths.get(fd) ?? `fd ${fd}`;
      const broken = failing('write', path);
      if (!broken) return real.writeSync(fd, buffer, offset, length, position);
      const landed = Math.min(length, broken.partialBytes ?? 0);
      if (landed > 0) {
        broken.partialBytes! -= landed;
        return real.writeSync(fd, buffer, offset, landed, position);
      }
      io.failures++;
      throw errnoError(broken.code, path);
    },
    fsyncSync(fd: number): void {
      check('fsync', paths.get(fd) ?? `fd ${fd}`);
      real.fsyncSync(fd);
    },
    async fsync(fd: number): Promise<void> {
      check('fsync', paths.get(fd) ?? `fd ${fd}`);
      await real.fsync(fd);
    },
    ftruncateSync(fd: number, length: number): void {
      check('truncate', paths.get(fd) ?? `fd ${fd}`);
      real.ftruncateSync(fd, length);
    },
    renameSync(from: string, to: string): void {
      check('rename', to);
      real.renameSync(from, to);
    },
  });
  return faulty;
}
