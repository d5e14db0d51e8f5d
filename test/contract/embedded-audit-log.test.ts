import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { AuditLog } from '../../relay/store/audit-log';
import { describeAuditLog, type AsyncAuditLog } from './audit-log.contract';

async function* each<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const wrapped = (log: AuditLog): AsyncAuditLog => ({
  size: async () => log.size,
  begin: async (beginning) => log.begin(beginning),
  end: async (n, outcome) => log.end(n, outcome),
  record: async (entry) => log.record(entry),
  newestFirst: async (offset, limit) => log.newestFirst(offset, limit),
  all: () => each(log.all()),
});

const opened: AuditLog[] = [];
afterEach(() => {
  for (const log of opened.splice(0)) log.close();
});

const openAt = (file: string) => {
  const log = AuditLog.open(file);
  opened.push(log);
  return wrapped(log);
};

/** The relay's own audit.jsonl in a fresh temporary folder. */
describeAuditLog('audit.jsonl', {
  async open() {
    const file = join(mkdtempSync(join(tmpdir(), 'audit-log-')), 'audit.jsonl');
    return { log: openAt(file), another: async () => openAt(file) };
  },
});
