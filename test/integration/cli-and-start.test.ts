import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit';
import { runRelayCli, spawnRelay, type RelayProcess } from '../support/spawn-relay';

let dataDir: string;
let relay: RelayProcess;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'crmsms-start-'));
  relay = await spawnRelay({ DATA_DIR: dataDir, SANDBOX_SENT_AFTER_MS: '0' });
});
afterAll(async () => {
  await relay.kill();
  await rm(dataDir, { recursive: true, force: true });
});

const get = (path: string, token?: string) => fetch(relay.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('npm start on an empty data directory', () => {
  it('serves /health and prints the relay URL and an admin token once', async () => {
    expect((await get('/health')).status).toBe(200);
    expect(relay.output()).toContain(`Relay URL:    ${relay.url}`);
    expect(relay.adminToken).toMatch(/^crmsms_/);
    expect((await get('/api/provider/settings', relay.adminToken)).status).toBe(200);
  });

  it('sends through the sandbox with the printed token, as the README shows with curl', async () => {
    const sent = await fetch(`${relay.url}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ to: '+7 912 345-67-89', text: 'Привет', contact: { crmId: 'demo:1' } }),
    });
    expect(sent.status).toBe(201);
    const listed = (await (await get('/api/messages?contactId=demo:1', relay.adminToken)).json()) as { messages: { phone: string }[] };
    expect(listed.messages.map((m) => m.phone)).toEqual(['79123456789']);
  });
});

describe('npm run relay -- token …', () => {
  it('creates a token (last line of the output) that the running relay accepts, lists and revokes it', async () => {
    const created = await runRelayCli(['token', 'create', '--user', 'Ольга', '--role', 'marketer'], { DATA_DIR: dataDir });
    expect(created.code).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^crmsms_/);
    expect((await get('/api/provider/balance', token)).status).toBe(200);

    const listed = await runRelayCli(['token', 'list'], { DATA_DIR: dataDir });
    expect(listed.stdout).toContain('Ольга');
    expect(listed.stdout).toContain('marketer');
    expect(listed.stdout).not.toContain(token);

    const revoked = await runRelayCli(['token', 'revoke', '--user', 'Ольга'], { DATA_DIR: dataDir });
    expect(revoked.stdout).toMatch(/Revoked tok_\w+ of "Ольга"/);
    expect((await get('/api/provider/balance', token)).status).toBe(401);

    // Both in the running relay's audit log, written by the CLI process: who ran it, for whom, which token.
    const audit = (await (await get('/api/audit?limit=100', relay.adminToken)).json()) as { entries: AuditEntry[] };
    const tokenId = revoked.stdout.match(/Revoked (tok_\w+)/)![1];
    expect(
      audit.entries.filter((e) => e.user === 'cli').map(({ action, role, tokenId: by, target, details, status }) => ({ action, role, by, target, details, status })),
    ).toEqual([
      { action: 'token revoke', role: 'system', by: null, target: { user: 'Ольга', tokenIds: tokenId }, details: { by: expect.any(String), revoked: 1 }, status: 200 },
      { action: 'token create', role: 'system', by: null, target: { user: 'Ольга', tokenId }, details: { role: 'marketer', by: expect.any(String) }, status: 200 },
    ]);
  }, 30_000);

  it('refuses a bad role with the roles there are', async () => {
    const result = await runRelayCli(['token', 'create', '--user', 'x', '--role', 'boss'], { DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('token create needs --role, one of: agent, marketer, admin');
  });

  it('shows the effective settings without the secrets', async () => {
    const result = await runRelayCli(['config'], { DATA_DIR: dataDir, PROVIDER: 'smsru', SMSRU_API_ID: 'SECRET-KEY-123' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"provider": "smsru"');
    expect(result.stdout).not.toContain('SECRET-KEY-123');
  });
});

describe('a bad setting', () => {
  it('stops the relay with a message naming the setting', async () => {
    await expect(spawnRelay({ DATA_DIR: dataDir, PROVIDER: 'smsru' })).rejects.toThrow(
      /cannot start: Setting "smsru.apiId" \(env SMSRU_API_ID\) is required when the provider is "smsru"/,
    );
  });
});
