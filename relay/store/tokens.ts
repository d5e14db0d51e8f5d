import { createHash, randomBytes } from 'node:crypto';
import type { DataIo } from './data-io';
import { JsonDb } from './json-db';
import { SharedFile } from './shared-file';

export const ROLES = ['agent', 'marketer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenRecord {
  id: string;
  user: string;
  role: Role;
  /** sha256 of the token; the token itself is never stored. */
  hash: string;
  createdAt: string;
  revokedAt: string | null;
}

interface TokensFile {
  tokens: TokenRecord[];
}

export const TOKEN_PREFIX = 'crmsms_';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new token and the record kept of it (its hash, never the token), for every token store. */
export function mintToken(user: string, role: Role, now: Date): { token: string; record: TokenRecord } {
  const token = TOKEN_PREFIX + randomBytes(24).toString('base64url');
  return {
    token,
    record: { id: `tok_${randomBytes(4).toString('hex')}`, user, role, hash: hashToken(token), createdAt: now.toISOString(), revokedAt: null },
  };
}

/**
 * Access tokens in their own file: the CLI writes it, the running relay only reads it and picks up
 * changes (new and revoked tokens) by the file's modification time.
 */
export class TokenStore {
  private readonly shared: SharedFile<TokensFile>;

  private constructor(
    private readonly db: JsonDb<TokensFile>,
    file: string,
  ) {
    this.shared = new SharedFile(db, file);
  }

  static async open(file: string, io?: DataIo): Promise<TokenStore> {
    return new TokenStore(await JsonDb.open<TokensFile>(file, { tokens: [] }, io), file);
  }

  list(): readonly TokenRecord[] {
    return this.db.data.tokens;
  }

  async create(user: string, role: Role, now: Date): Promise<{ token: string; record: TokenRecord }> {
    const { token, record } = mintToken(user, role, now);
    await this.db.update(({ tokens }) => tokens.push(record));
    this.shared.wroteNow();
    return { token, record };
  }

  /** Revokes by token id, or every token of a user; returns what was revoked. */
  async revoke(idOrUser: { id: string } | { user: string }, now: Date): Promise<TokenRecord[]> {
    const matches = this.db.data.tokens.filter((t) => t.revokedAt === null && ('id' in idOrUser ? t.id === idOrUser.id : t.user === idOrUser.user));
    if (matches.length === 0) return [];
    const ids = new Set(matches.map((t) => t.id));
    await this.db.update(({ tokens }) => {
      for (const t of tokens) if (ids.has(t.id)) t.revokedAt = now.toISOString();
    });
    this.shared.wroteNow();
    return matches;
  }

  /** The live record for a presented token, or undefined. */
  async verify(token: string): Promise<TokenRecord | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    await this.shared.reloadIfChanged();
    const hash = hashToken(token);
    return this.db.data.tokens.find((t) => t.hash === hash && t.revokedAt === null);
  }
}
