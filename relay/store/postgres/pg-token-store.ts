import type { Pool } from 'pg';
import { hashToken, mintToken, TOKEN_PREFIX, type Role, type TokenRecord } from '../tokens';

const UNIQUE_VIOLATION = '23505';

interface TokenRow {
  id: string;
  user: string;
  role: Role;
  hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, "user", role, hash, created_at, revoked_at';

const record = (row: TokenRow): TokenRecord => ({
  id: row.id,
  user: row.user,
  role: row.role,
  hash: row.hash,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/**
 * The access tokens (relay/store/tokens.ts) in PostgreSQL: the same records, ids and order, the token's sha256
 * stored and never the token. Every relay reads the same rows, so a token revoked by the CLI on one is refused by
 * all at their next request, without the embedded store's reload by modification time.
 */
export class PgTokenStore {
  constructor(private readonly pool: Pool) {}

  /** Every token, revoked ones too, in the order they were created. */
  async list(): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRow>(`SELECT ${COLUMNS} FROM tokens ORDER BY seq`);
    return rows.map(record);
  }

  async create(user: string, role: Role, now: Date): Promise<{ token: string; record: TokenRecord }> {
    for (let attempt = 1; ; attempt++) {
      const { token, record: made } = mintToken(user, role, now);
      try {
        await this.pool.query('INSERT INTO tokens (id, "user", role, hash, created_at) VALUES ($1, $2, $3, $4, $5)', [made.id, user, role, made.hash, made.createdAt]);
        return { token, record: made };
      } catch (error) {
        // Four random bytes of id may meet one taken (the file store would hold both); a new draw, not a second row.
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt === 3) throw error;
      }
    }
  }

  /** Revokes by token id, or every token of a user; returns what was revoked (as it is now), in creation order. */
  async revoke(idOrUser: { id: string } | { user: string }, now: Date): Promise<TokenRecord[]> {
    const [column, value] = 'id' in idOrUser ? ['id', idOrUser.id] : ['"user"', idOrUser.user];
    const { rows } = await this.pool.query<TokenRow & { seq: string }>(
      `UPDATE tokens SET revoked_at = $2 WHERE ${column} = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}, seq`,
      [value, now.toISOString()],
    );
    return rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq))).map(record);
  }

  /** The live record for a presented token, or undefined. */
  async verify(token: string): Promise<TokenRecord | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const { rows } = await this.pool.query<TokenRow>(`SELECT ${COLUMNS} FROM tokens WHERE hash = $1 AND revoked_at IS NULL`, [hashToken(token)]);
    return rows[0] ? record(rows[0]) : undefined;
  }
}
