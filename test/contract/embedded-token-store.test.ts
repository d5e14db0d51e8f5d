import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../../relay/store/tokens';
import { describeTokenStore, type AsyncTokenStore } from './token-store.contract';

const wrapped = (store: TokenStore): AsyncTokenStore => ({
  list: async () => structuredClone(store.list()),
  create: (user, role, now) => store.create(user, role, now),
  revoke: (idOrUser, now) => store.revoke(idOrUser, now),
  verify: (token) => store.verify(token),
});

/** The relay's own tokens.json in a fresh temporary folder. */
describeTokenStore('tokens.json', {
  async open() {
    const file = join(mkdtempSync(join(tmpdir(), 'token-store-')), 'tokens.json');
    return { store: wrapped(await TokenStore.open(file)), another: async () => wrapped(await TokenStore.open(file)) };
  },
});
