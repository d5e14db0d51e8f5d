import { fstatSync, readSync } from 'node:fs';

const NEWLINE = 0x0a;
const READ_CHUNK = 1 << 20;

/**
 * Calls `onLine` for every newline-terminated line of an open file, in order, reading a megabyte at a
 * time: `start` and `end` are the line's byte offsets (end excludes the newline). A last line without
 * its newline (cut short by a crash) is not passed on. `from` starts the reading at a line's first byte.
 */
export function forEachLine(fd: number, onLine: (line: string, start: number, end: number, lineNumber: number) => void, from = 0): void {
  const size = fstatSync(fd).size;
  let carry = Buffer.alloc(0);
  let lineNumber = 0;
  for (let position = from; position < size;) {
    const chunk = Buffer.alloc(Math.min(READ_CHUNK, size - position));
    const read = readSync(fd, chunk, 0, chunk.length, position);
    const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
    const dataStart = position - carry.length;
    position += read;
    let lineStart = 0;
    for (let newline = data.indexOf(NEWLINE); newline !== -1; newline = data.indexOf(NEWLINE, lineStart)) {
      onLine(data.toString('utf8', lineStart, newline), dataStart + lineStart, dataStart + newline, ++lineNumber);
      lineStart = newline + 1;
    }
    carry = data.subarray(lineStart);
  }
}
