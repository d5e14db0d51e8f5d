import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit';
import type { AuditBeginning, AuditOutcome, AuditRecord } from '../../relay/store/audit-log';

/** What the relay asks of its audit log, async: the embedded AuditLog (wrapped) and the PostgreSQL one. */
export interface AsyncAuditLog {
  size(): Promise<number>;
  begin(beginning: AuditBeginning): Promise<number>;
  end(n: number, outcome: AuditOutcome): Promise<void>;
  record(entry: AuditRecord): Promise<unknown>;
  newestFirst(offset: number, limit: number): Promise<AuditEntry[]>;
  all(): AsyncIterable<AuditEntry>;
}

export interface AuditLogOpener {
  /** A log over new, empty data; `another()` opens the same data beside it (the CLI beside the relay, or another relay). */
  open(): Promise<{ log: AsyncAuditLog; another(): Promise<AsyncAuditLog> }>;
}

const at = (s: number) => new Date(Date.parse('2030-01-01T00:00:00Z') + s * 1000).toISOString();

export const beginning = (s: number, fields: Partial<AuditBeginning> = {}): AuditBeginning => ({
  at: at(s),
  user: 'anna',
  role: 'marketer',
  tokenId: 'tok_0000abcd',
  action: 'POST /api/mailings/:id/launch',
  target: { id: `m${s}` },
  site: 'crm.example.ru',
  ...fields,
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export function describeAuditLog(name: string, opener: AuditLogOpener): void {
  describe(`audit log: ${name}`, () => {
    it('numbers entries 1, 2, 3 … as they are begun; an outcome adds the status, its target and details', async () => {
      const { log } = await opener.open();
      expect(await log.size()).toBe(0);
      expect(await log.newestFirst(0, 10)).toEqual([]);
      expect(await log.begin(beginning(1))).toBe(1);
      expect(await log.begin(beginning(2, { site: null, tokenId: null, role: 'admin', user: 'root' }))).toBe(2);
      await log.end(1, { status: 201, target: { recipients: '12' }, details: { frozen: 12, sandbox: false, words: 'Привет "мир"' } });
      expect(await log.size()).toBe(2);
      expect(await log.newestFirst(0, 10)).toEqual([
        { ...beginning(2, { site: null, tokenId: null, role: 'admin', user: 'root' }), n: 2, details: {}, status: null },
        { ...beginning(1), n: 1, target: { id: 'm1', recipients: '12' }, details: { frozen: 12, sandbox: false, words: 'Привет "мир"' }, status: 201 },
      ]);
    });

    it("writes a change the relay made on its own whole, numbered among the requests' entries begun around it", async () => {
      const { log } = await opener.open();
      const first = await log.begin(beginning(1));
      await log.record({
        ...beginning(2, { user: 'system:engine', role: 'system', tokenId: null, site: null, action: 'mailing pause' }),
        status: 200,
        details: { reason: 'error_rate' },
      });
      const third = await log.begin(beginning(3));
      await log.end(third, { status: 409, target: {}, details: {} });
      await log.end(first, { status: 200, target: { id: 'other' }, details: {} });
      expect(await log.newestFirst(0, 10)).toEqual([
        { ...beginning(3), n: 3, details: {}, status: 409 },
        {
          ...beginning(2, { user: 'system:engine', role: 'system', tokenId: null, site: null, action: 'mailing pause' }),
          n: 2,
          details: { reason: 'error_rate' },
          status: 200,
        },
        // An outcome's target is laid over the beginning's.
        { ...beginning(1), n: 1, target: { id: 'other' }, details: {}, status: 200 },
      ]);
    });

    it('an outcome written twice: the latest counts', async () => {
      const { log } = await opener.open();
      const n = await log.begin(beginning(1));
      await log.end(n, { status: 500, target: { a: '1' }, details: { x: 1 } });
      await log.end(n, { status: 200, target: { b: '2' }, details: { y: 2 } });
      expect(await log.newestFirst(0, 1)).toEqual([{ ...beginning(1), n: 1, target: { id: 'm1', b: '2' }, details: { y: 2 }, status: 200 }]);
    });

    it('pages newest first from an offset, and lists all newest first', async () => {
      const { log } = await opener.open();
      for (let s = 1; s <= 1_203; s++) {
        if (s % 3 === 0) await log.record({ ...beginning(s), status: 200, details: {} });
        else await log.begin(beginning(s));
      }
      expect(await log.size()).toBe(1_203);
      expect((await log.newestFirst(0, 3)).map((e) => e.n)).toEqual([1_203, 1_202, 1_201]);
      expect((await log.newestFirst(1_200, 10)).map((e) => e.n)).toEqual([3, 2, 1]);
      expect(await log.newestFirst(1_203, 10)).toEqual([]);
      expect(await log.newestFirst(5, 0)).toEqual([]);
      const all = await collect(log.all());
      expect(all.map((e) => e.n)).toEqual(Array.from({ length: 1_203 }, (_, i) => 1_203 - i));
      expect(all.map((e) => e.at)).toEqual(all.map((e) => at(e.n)));
      expect(all.filter((e) => e.status === 200).length).toBe(401);
    });

    it("another writer's entries are numbered after this one's, and each reads the other's", async () => {
      const { log, another } = await opener.open();
      const cli = await another();
      expect(await log.begin(beginning(1))).toBe(1);
      await cli.record({ ...beginning(2, { user: 'cli', role: 'system', action: 'token create' }), status: 200, details: {} });
      expect(await log.begin(beginning(3))).toBe(3);
      await log.end(3, { status: 204, target: {}, details: {} });
      expect(await cli.size()).toBe(3);
      expect((await cli.newestFirst(0, 10)).map((e) => [e.n, e.status])).toEqual([
        [3, 204],
        [2, 200],
        [1, null],
      ]);
      expect((await collect((await another()).all())).map((e) => e.action)).toEqual(['POST /api/mailings/:id/launch', 'token create', 'POST /api/mailings/:id/launch']);
    });
  });
}
