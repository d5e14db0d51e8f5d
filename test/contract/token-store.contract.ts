import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role, TokenRecord } from '../../relay/store/tokens';

/** What the relay asks of its access tokens, async: the embedded TokenStore (wrapped) and the PostgreSQL one. */
export interface AsyncTokenStore {
  list(): Promise<readonly TokenRecord[]>;
  create(user: string, role: Role, now: Date): Promise<{ token: string; record: TokenRecord }>;
  revoke(idOrUser: { id: string } | { user: string }, now: Date): Promise<TokenRecord[]>;
  verify(token: string): Promise<TokenRecord | undefined>;
}

export interface TokenStoreOpener {
  /** A store over new, empty data. */
  open(): Promise<{
    store: AsyncTokenStore;
    /** Another store over the same data: the CLI beside the running relay, or a second relay. */
    another(): Promise<AsyncTokenStore>;
  }>;
}

const T0 = Date.parse('2030-01-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function describeTokenStore(name: string, opener: TokenStoreOpener): void {
  describe(`token store: ${name}`, () => {
    it('makes a token with a prefix and keeps its sha256, never the token; the record is as listed', async () => {
      const { store } = await opener.open();
      const { token, record } = await store.create('anna', 'marketer', at(1));
      expect(token).toMatch(/^crmsms_[A-Za-z0-9_-]{32}$/);
      expect(record).toEqual({
        id: expect.stringMatching(/^tok_[0-9a-f]{8}$/),
        user: 'anna',
        role: 'marketer',
        hash: sha256(token),
        createdAt: at(1).toISOString(),
        revokedAt: null,
      });
      expect(await store.list()).toEqual([record]);
      expect(JSON.stringify(await store.list())).not.toContain(token.slice('crmsms_'.length));
    });

    it('lists every token, revoked ones too, in the order they were made, also from another store on the data', async () => {
      const { store, another } = await opener.open();
      const made: TokenRecord[] = [];
      for (const [k, user] of ['zoe', 'anna', 'mark', 'anna', 'bob', 'zoe', 'anna'].entries())
        made.push((await store.create(user, k % 2 ? 'agent' : 'admin', at(10 - k))).record);
      await store.revoke({ id: made[2]!.id }, at(20));
      const listed = await store.list();
      expect(listed.map((t) => t.id)).toEqual(made.map((t) => t.id));
      expect(listed[2]).toEqual({ ...made[2], revokedAt: at(20).toISOString() });
      expect(new Set(listed.map((t) => t.id)).size).toBe(7);
      expect(await (await another()).list()).toEqual(listed);
    });

    it('verifies a live token, and nothing else: another prefix, an unknown token, a revoked one, a hash given as the token', async () => {
      const { store } = await opener.open();
      const { token, record } = await store.create('anna', 'agent', at(1));
      const other = await store.create('bob', 'admin', at(2));
      expect(await store.verify(token)).toEqual(record);
      expect(await store.verify(other.token)).toEqual(other.record);
      expect(await store.verify(token.slice('crmsms_'.length))).toBeUndefined();
      expect(await store.verify(`${token}x`)).toBeUndefined();
      expect(await store.verify(record.hash)).toBeUndefined();
      expect(await store.verify(`crmsms_${record.hash}`)).toBeUndefined();
      expect(await store.verify('')).toBeUndefined();
      await store.revoke({ id: record.id }, at(3));
      expect(await store.verify(token)).toBeUndefined();
      expect(await store.verify(other.token)).toEqual(other.record);
    });

    it('revokes by id or every live token of a user, returning them revoked in creation order; revoking again revokes nothing', async () => {
      const { store } = await opener.open();
      const a1 = await store.create('anna', 'agent', at(1));
      const b1 = await store.create('bob', 'agent', at(2));
      const a2 = await store.create('anna', 'admin', at(3));
      const a3 = await store.create('anna', 'marketer', at(4));
      const revoked = at(5).toISOString();
      expect(await store.revoke({ id: a2.record.id }, at(5))).toEqual([{ ...a2.record, revokedAt: revoked }]);
      expect(await store.revoke({ id: a2.record.id }, at(6))).toEqual([]);
      expect(await store.revoke({ id: 'tok_00000000' }, at(6))).toEqual([]);
      // The user's tokens still live, in the order they were made; a2 keeps the time it was revoked first.
      const later = at(7).toISOString();
      expect(await store.revoke({ user: 'anna' }, at(7))).toEqual([
        { ...a1.record, revokedAt: later },
        { ...a3.record, revokedAt: later },
      ]);
      expect(await store.revoke({ user: 'anna' }, at(8))).toEqual([]);
      expect(await store.revoke({ user: 'nobody' }, at(8))).toEqual([]);
      expect((await store.list()).map((t) => [t.user, t.revokedAt])).toEqual([
        ['anna', later],
        ['bob', null],
        ['anna', revoked],
        ['anna', later],
      ]);
      expect(await store.verify(b1.token)).toEqual(b1.record);
    });

    it('a token another store made or revoked counts at once in this one (the CLI beside the relay)', async () => {
      const { store, another } = await opener.open();
      const cli = await another();
      const { token, record } = await cli.create('anna', 'admin', at(1));
      expect(await store.verify(token)).toEqual(record);
      await cli.revoke({ user: 'anna' }, at(2));
      expect(await store.verify(token)).toBeUndefined();
    });
  });
}
