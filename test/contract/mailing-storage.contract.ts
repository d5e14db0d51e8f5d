import { afterEach, describe, expect, it } from 'vitest';
import type { MailingStatus } from '../../shared/mailings';
import { DomainError } from '../../relay/domain/errors';
import type { FrozenRecipient, MailingStorage } from '../../relay/store/mailing-storage';
import type { MailingRecord } from '../../relay/store/mailings';
import { StorageError } from '../../relay/store/storage-error';

/** One implementation opened over its own, empty data. */
export interface OpenedStorage {
  storage: MailingStorage;
  close(): Promise<void>;
  /** The same data opened again as after a kill -9: the old instance writes nothing more (it is let go later). */
  reopen(): Promise<OpenedStorage>;
  /** Makes every later write fail as a full disk would; the returned function heals it. Left out where it cannot be done. */
  failWrites?(): () => void;
  /** Damages a mailing's stored recipients so that they cannot be read. Left out where it cannot be done. */
  damage?(mailingId: string): void;
}

const T0 = Date.parse('2030-01-01T00:00:00Z');

export const mailingRecord = (id: string, fields: Partial<MailingRecord> = {}): MailingRecord => ({
  id,
  name: `Mailing ${id}`,
  responsible: 'marketer',
  launchType: 'instant',
  kind: 'service',
  startAt: null,
  text: 'Hi {{name}}',
  audience: { contacts: [], groups: [] },
  provider: 'smsru',
  status: 'draft',
  statusReason: null,
  createdBy: 'marketer',
  createdAt: new Date(T0).toISOString(),
  updatedAt: new Date(T0).toISOString(),
  launchedAt: null,
  finishedAt: null,
  ...fields,
});

export const frozen = (n: number, from = 0): FrozenRecipient[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    if (i % 10 === 3) return { contactId: `c${i}`, name: `N${i}`, phone: null, country: null, text: null, parts: 0, skip: 'no_phone' as const };
    return {
      contactId: `c${i}`,
      name: `Ёлкина ${i}`,
      phone: `7912${String(i).padStart(7, '0')}`,
      country: 'RU',
      text: `Привет, ${i}!`,
      parts: 1,
      skip: null,
      ...(i === 2 ? { timeZone: 'Asia/Yekaterinburg' } : {}),
    };
  });

/**
 * What every MailingStorage must do (relay/store/mailing-storage.ts): run with `describeMailingStorage`
 * on each implementation; the engine relies on nothing more.
 */
export function describeMailingStorage(name: string, open: () => Promise<OpenedStorage>): void {
  describe(`mailing storage: ${name}`, () => {
    const opened: OpenedStorage[] = [];
    const start = async () => {
      const o = await open();
      opened.push(o);
      return o;
    };
    const again = async (o: OpenedStorage) => {
      const r = await o.reopen();
      opened.push(r);
      return r;
    };
    afterEach(async () => {
      for (const o of opened.splice(0).reverse()) await o.close();
    });

    /** A launched mailing with `n` frozen recipients, its status running. */
    async function launched(storage: MailingStorage, id: string, n: number, status: MailingStatus = 'running') {
      await storage.insert(mailingRecord(id));
      const writer = storage.freezeAudience(id);
      writer.add(frozen(Math.min(n, 4)));
      writer.add(frozen(n - Math.min(n, 4), Math.min(n, 4)));
      writer.finish();
      await storage.setStatus(id, { from: 'draft', to: status, statusReason: null, updatedAt: new Date(T0).toISOString(), launchedAt: new Date(T0).toISOString() });
    }

    it('keeps mailings in the order they were created; patches fields, never the status, and all of it survives a reopen', async () => {
      const o = await start();
      await o.storage.insert(mailingRecord('m1'));
      await o.storage.insert(mailingRecord('m2'));
      const patched = await o.storage.patch('m1', { name: 'Весна', text: 'new', status: 'running' } as never);
      expect(patched).toMatchObject({ name: 'Весна', text: 'new', status: 'draft' });
      expect(o.storage.list().map((m) => m.id)).toEqual(['m1', 'm2']);
      await o.storage.remove('m2');
      const r = await again(o);
      expect(r.storage.list().map((m) => m.id)).toEqual(['m1']);
      expect(r.storage.get('m1')).toMatchObject({ name: 'Весна', text: 'new', status: 'draft' });
      expect(r.storage.get('m2')).toBeUndefined();
    });

    it('writes a status only from the status it was asked to change, else a conflict that changes nothing', async () => {
      const o = await start();
      await o.storage.insert(mailingRecord('m1'));
      const at = new Date(T0 + 1000).toISOString();
      const running = await o.storage.setStatus('m1', { from: 'draft', to: 'running', statusReason: null, updatedAt: at, launchedAt: at });
      expect(running).toMatchObject({ status: 'running', launchedAt: at, updatedAt: at });
      const reason = { code: 'error_rate', message: 'm', messageRu: 'м' };
      const error = await o.storage.setStatus('m1', { from: 'draft', to: 'cancelled', statusReason: reason, updatedAt: at }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'conflict', code: 'status_changed' });
      await o.storage.setStatus('m1', { from: 'running', to: 'paused', statusReason: reason, updatedAt: at });
      const r = await again(o);
      expect(r.storage.get('m1')).toMatchObject({ status: 'paused', statusReason: reason, launchedAt: at });
    });

    it('names the due mailings: in the statuses asked, their start at or before the time, in creation order', async () => {
      const o = await start();
      const at = (ms: number) => new Date(T0 + ms).toISOString();
      await o.storage.insert(mailingRecord('late', { status: 'scheduled', launchType: 'deferred', startAt: at(5000) }));
      await o.storage.insert(mailingRecord('due', { status: 'scheduled', launchType: 'deferred', startAt: at(1000) }));
      await o.storage.insert(mailingRecord('exact', { status: 'scheduled', launchType: 'deferred', startAt: at(2000) }));
      await o.storage.insert(mailingRecord('draft', { launchType: 'deferred', startAt: at(0) }));
      expect(o.storage.dueMailings(T0 + 2000, ['scheduled']).map((m) => m.id)).toEqual(['due', 'exact']);
      expect(o.storage.dueMailings(T0 + 2000, ['scheduled', 'draft']).map((m) => m.id)).toEqual(['due', 'exact', 'draft']);
    });

    it('freezes an audience in chunks: nothing is there until finish, then every recipient exactly, queued or skipped', async () => {
      const o = await start();
      await o.storage.insert(mailingRecord('m1'));
      const writer = o.storage.freezeAudience('m1');
      writer.add(frozen(6));
      expect(o.storage.isOpen('m1')).toBe(false);
      writer.add(frozen(6, 6));
      writer.finish();
      expect(o.storage.isOpen('m1')).toBe(true);
      expect(o.storage.counts('m1')).toMatchObject({ total: 12, queued: 11, sending: 0, skipped: { no_phone: 1 } });
      expect(o.storage.recipientsIn('m1', ['skipped'])).toEqual([3]);
      expect(o.storage.read('m1', [11, 2, 3])).toEqual([
        expect.objectContaining({ ...frozen(12)[11], index: 11, state: 'queued', providerMessageId: null, cost: null, error: null, attempts: 0, updatedAt: null }),
        expect.objectContaining({ ...frozen(12)[2], index: 2, timeZone: 'Asia/Yekaterinburg' }),
        expect.objectContaining({ index: 3, state: 'skipped', skip: 'no_phone', phone: null }),
      ]);
      expect(o.storage.glance('m1', 2)).toEqual({ state: 'queued', contactId: 'c2', timeZone: 'Asia/Yekaterinburg', attempts: 0 });
      const r = await again(o);
      expect(r.storage.open().opened).toEqual([{ mailingId: 'm1', sending: [] }]);
      expect(r.storage.read('m1', [11])[0]).toMatchObject(frozen(12)[11]!);
    });

    it('an aborted freeze leaves nothing behind', async () => {
      const o = await start();
      await o.storage.insert(mailingRecord('m1'));
      const writer = o.storage.freezeAudience('m1');
      writer.add(frozen(5));
      writer.abort();
      expect(o.storage.isOpen('m1')).toBe(false);
      expect(o.storage.counts('m1')).toBeUndefined();
      expect(o.storage.recipientsIn('m1', ['queued'])).toEqual([]);
      const r = await again(o);
      expect(r.storage.open()).toEqual({ opened: [], corrupt: [] });
    });

    it('pages recipients, in one state if asked', async () => {
      const o = await start();
      await launched(o.storage, 'm1', 25);
      const all = o.storage.page('m1', { offset: 20, limit: 10 })!;
      expect(all.total).toBe(25);
      expect(all.recipients.map((r) => r.index)).toEqual([20, 21, 22, 23, 24]);
      const skipped = o.storage.page('m1', { state: 'skipped', offset: 1, limit: 1 })!;
      expect(skipped).toMatchObject({ total: 3, recipients: [{ index: 13 }] });
      expect(o.storage.page('nothing', { offset: 0, limit: 10 })).toBeUndefined();
    });

    it('a claim is on disk before it returns: after a crash its recipients are reported "sending", never queued again', async () => {
      const o = await start();
      await launched(o.storage, 'm1', 8);
      const claimed = o.storage.claim('m1', [0, 1, 2], T0 + 10);
      expect(claimed.map((r) => [r.index, r.phone, r.text])).toEqual([0, 1, 2].map((i) => [i, frozen(8)[i]!.phone, frozen(8)[i]!.text]));
      expect(o.storage.glance('m1', 1)).toMatchObject({ state: 'sending', attempts: 1 });
      expect(o.storage.counts('m1')).toMatchObject({ queued: 4, sending: 3 });
      const r = await again(o);
      expect(r.storage.open().opened).toEqual([{ mailingId: 'm1', sending: [0, 1, 2] }]);
      expect(r.storage.recipientsIn('m1', ['queued'])).toEqual([4, 5, 6, 7]);
    });

    it('records outcomes: sent with its id and cost, failed with its words; they survive a reopen; totals and locate follow', async () => {
      const o = await start();
      await launched(o.storage, 'm1', 6);
      o.storage.claim('m1', [0, 1, 2], T0 + 10);
      o.storage.record(
        'm1',
        [
          { i: 0, s: 'sent', p: 'p0', c: 1.5 },
          { i: 1, s: 'failed', e: 'bad number' },
          { i: 2, s: 'unknown', e: 'timeout' },
        ],
        T0 + 20,
      );
      expect(o.storage.locate('p0')).toEqual({ mailingId: 'm1', index: 0 });
      expect(o.storage.locate('nope')).toBeUndefined();
      expect(o.storage.totals('m1')).toEqual({ totalParts: 1, cost: 1.5 });
      const r = await again(o);
      r.storage.open();
      expect(r.storage.read('m1', [0, 1, 2])).toEqual([
        expect.objectContaining({ state: 'sent', providerMessageId: 'p0', cost: 1.5, attempts: 1, updatedAt: T0 + 20 }),
        expect.objectContaining({ state: 'failed', error: 'bad number' }),
        expect.objectContaining({ state: 'unknown', error: 'timeout', handedOverAt: T0 + 10 }),
      ]);
      expect(r.storage.locate('p0')).toEqual({ mailingId: 'm1', index: 0 });
      expect(r.storage.counts('m1')).toMatchObject({ sent: 1, failed: 1, unknown: 1, queued: 2 });
    });

    it('an unknown recipient stays unknown across reopens until something is learnt of it', async () => {
      const o = await start();
      await launched(o.storage, 'm1', 3);
      o.storage.claim('m1', [0], T0 + 10);
      o.storage.record('m1', [{ i: 0, s: 'unknown', e: 'timeout' }], T0 + 20);
      let r = await again(o);
      r.storage.open();
      r = await again(r);
      expect(r.storage.open().opened).toEqual([{ mailingId: 'm1', sending: [] }]);
      expect(r.storage.read('m1', [0])[0]).toMatchObject({ state: 'unknown', handedOverAt: T0 + 10, updatedAt: T0 + 20 });
      r.storage.commit('m1', [{ i: 0, s: 'sent', p: 'found' }], T0 + 30);
      expect(r.storage.locate('found')).toEqual({ mailingId: 'm1', index: 0 });
      const last = await again(r);
      last.storage.open();
      expect(last.storage.read('m1', [0])[0]).toMatchObject({ state: 'sent', providerMessageId: 'found' });
    });

    it('a commit (a retry puts failed and unknown back in the queue) survives a reopen', async () => {
      const o = await start();
      await launched(o.storage, 'm1', 3);
      o.storage.claim('m1', [0, 1], T0 + 10);
      o.storage.record(
        'm1',
        [
          { i: 0, s: 'failed', e: 'x' },
          { i: 1, s: 'unknown', e: 'y' },
        ],
        T0 + 20,
      );
      o.storage.commit(
        'm1',
        o.storage.recipientsIn('m1', ['failed', 'unknown']).map((i) => ({ i, s: 'queued' as const })),
        T0 + 30,
      );
      const r = await again(o);
      r.storage.open();
      expect(r.storage.recipientsIn('m1', ['queued'])).toEqual([0, 1, 2]);
      expect(r.storage.glance('m1', 0)).toMatchObject({ attempts: 1 });
    });

    it('replaces the texts of queued recipients, on disk too', async () => {
      const o = await start();
      await launched(o.storage, 'm1', 3, 'paused');
      o.storage.replaceTexts('m1', new Map([[1, { text: 'Новый текст, довольно длинный', parts: 2 }]]));
      expect(o.storage.read('m1', [1, 2]).map((r) => [r.text, r.parts])).toEqual([
        ['Новый текст, довольно длинный', 2],
        ['Привет, 2!', 1],
      ]);
      const r = await again(o);
      r.storage.open();
      expect(r.storage.read('m1', [1])[0]).toMatchObject({ text: 'Новый текст, довольно длинный', parts: 2 });
    });

    it('an archived mailing keeps its figures, its recipients, its late delivery reports, and comes back open for a retry', async () => {
      const o = await start();
      await launched(o.storage, 'm1', 4);
      o.storage.claim('m1', [0, 1, 2], T0 + 10);
      o.storage.record(
        'm1',
        [
          { i: 0, s: 'sent', p: 'p0', c: 2 },
          { i: 1, s: 'sent', p: 'p1' },
          { i: 2, s: 'failed', e: 'no' },
        ],
        T0 + 20,
      );
      await o.storage.setStatus('m1', {
        from: 'running',
        to: 'finished',
        statusReason: null,
        updatedAt: new Date(T0).toISOString(),
        finishedAt: new Date(T0).toISOString(),
      });
      const counts = o.storage.counts('m1');
      o.storage.archive('m1');
      expect(o.storage.isOpen('m1')).toBe(false);
      expect(o.storage.counts('m1')).toEqual(counts);
      expect(o.storage.totals('m1')).toEqual({ totalParts: 2, cost: 2 });
      expect(o.storage.pendingProviderIds((_, archived) => archived).sort()).toEqual(['p0', 'p1']);
      expect(o.storage.pendingProviderIds((_, archived) => !archived)).toEqual([]);
      expect(o.storage.locate('p1')).toEqual({ mailingId: 'm1', index: 1 });
      o.storage.record('m1', [{ i: 1, s: 'delivered' }], T0 + 30);
      let r = await again(o);
      // A report after the archive was written may bring the mailing back open (to be archived again), never with anyone "sending".
      expect(r.storage.open().opened.flatMap((m) => m.sending)).toEqual([]);
      expect(r.storage.read('m1', [1])[0]).toMatchObject({ state: 'delivered' });
      expect(r.storage.counts('m1')).toMatchObject({ sent: 1, delivered: 1, failed: 1 });
      expect(r.storage.page('m1', { offset: 0, limit: 10 })!.total).toBe(4);
      r.storage.archive('m1');
      expect(r.storage.isOpen('m1')).toBe(false);
      expect(r.storage.read('m1', [1])[0]).toMatchObject({ state: 'delivered' });
      r.storage.unarchive('m1');
      expect(r.storage.isOpen('m1')).toBe(true);
      r.storage.commit('m1', [{ i: 2, s: 'queued' }], T0 + 40);
      r = await again(r);
      expect(r.storage.open().opened).toEqual([{ mailingId: 'm1', sending: [] }]);
      expect(r.storage.recipientsIn('m1', ['queued'])).toEqual([2]);
    });

    it('names the provider ids still awaiting a report (sent or unknown, with an id) of the mailings asked for', async () => {
      const o = await start();
      await launched(o.storage, 'a', 3);
      await launched(o.storage, 'b', 3);
      o.storage.claim('a', [0, 1, 2], T0);
      o.storage.record(
        'a',
        [
          { i: 0, s: 'sent', p: 'a0' },
          { i: 1, s: 'sent', p: 'a1' },
          { i: 2, s: 'unknown' },
        ],
        T0,
      );
      o.storage.record('a', [{ i: 1, s: 'delivered' }], T0);
      o.storage.claim('b', [0], T0);
      o.storage.record('b', [{ i: 0, s: 'sent', p: 'b0' }], T0);
      expect(o.storage.pendingProviderIds((id) => id === 'a')).toEqual(['a0']);
      expect(o.storage.pendingProviderIds(() => true).sort()).toEqual(['a0', 'b0']);
    });

    it("finds a contact's recipients in every mailing, archived ones too, but not in a deleted mailing", async () => {
      const o = await start();
      await launched(o.storage, 'a', 3);
      await launched(o.storage, 'b', 3);
      await launched(o.storage, 'gone', 3);
      await o.storage.setStatus('b', { from: 'running', to: 'cancelled', statusReason: null, updatedAt: new Date(T0).toISOString() });
      o.storage.archive('b');
      await o.storage.remove('gone');
      const found = o.storage.recipientsOfContact('c1');
      expect(found.map((f) => [f.mailingId, f.recipient.index, f.recipient.phone])).toEqual([
        ['a', 1, frozen(3)[1]!.phone],
        ['b', 1, frozen(3)[1]!.phone],
      ]);
      expect(o.storage.recipientsOfContact('nobody')).toEqual([]);
    });

    it('housekeeping changes nothing one can see', async () => {
      const o = await start();
      await launched(o.storage, 'm1', 5);
      o.storage.claim('m1', [0, 1], T0);
      o.storage.record(
        'm1',
        [
          { i: 0, s: 'sent', p: 'x' },
          { i: 1, s: 'unknown' },
        ],
        T0 + 1,
      );
      const before = o.storage.read('m1', [0, 1, 2, 3, 4]);
      o.storage.housekeep('m1');
      expect(o.storage.read('m1', [0, 1, 2, 3, 4])).toEqual(before);
      const r = await again(o);
      r.storage.open();
      expect(r.storage.read('m1', [0, 1, 2, 3, 4])).toEqual(before);
    });

    it('a claim the disk refuses throws and changes nothing; refused outcomes stay applied and are written once the disk takes them', async (context) => {
      const o = await start();
      if (!o.failWrites) return context.skip();
      await launched(o.storage, 'm1', 4);
      o.storage.claim('m1', [0], T0);
      const heal = o.failWrites();
      expect(() => o.storage.claim('m1', [1, 2], T0 + 1)).toThrow(StorageError);
      expect(o.storage.recipientsIn('m1', ['queued'])).toEqual([1, 2]);
      expect(() => o.storage.record('m1', [{ i: 0, s: 'sent', p: 'p0' }], T0 + 2)).toThrow(StorageError);
      expect(o.storage.glance('m1', 0)?.state).toBe('sent');
      heal();
      o.storage.claim('m1', [1], T0 + 3);
      const r = await again(o);
      expect(r.storage.open().opened).toEqual([{ mailingId: 'm1', sending: [1] }]);
      expect(r.storage.read('m1', [0])[0]).toMatchObject({ state: 'sent', providerMessageId: 'p0' });
    });

    it('damaged recipients are reported at open and kept as they are; the other mailings open', async (context) => {
      const o = await start();
      if (!o.damage) return context.skip();
      await launched(o.storage, 'bad', 3);
      await launched(o.storage, 'good', 3);
      o.storage.claim('bad', [0], T0);
      o.damage('bad');
      const r = await again(o);
      const found = r.storage.open();
      expect(found.corrupt.map((c) => c.mailingId)).toEqual(['bad']);
      expect(found.opened).toEqual([{ mailingId: 'good', sending: [] }]);
      expect(r.storage.isOpen('bad')).toBe(false);
    });
  });
}
