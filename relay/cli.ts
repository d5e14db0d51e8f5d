import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type RelayConfig } from './config';
import { callbackUrl } from './providers/registry';
import { CorruptDataError } from './store/json-db';
import { dataFiles, openStore } from './store/store';
import { ROLES, TokenStore, type Role } from './store/tokens';

const USAGE = `Usage: npm run relay -- <command>

  token create --user NAME --role agent|marketer|admin   create an access token (printed last, shown once)
  token list                                              list tokens (never the tokens themselves)
  token revoke ID | --user NAME                           revoke one token, or every token of a user
  config                                                  show the effective settings (secrets hidden)
  callback-url                                            the URL to register for provider delivery reports
  help                                                    this text

The data directory and the rest come from the same settings as "npm start" (see the README).`;

class UsageError extends Error {}

async function run(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') return void console.log(USAGE);
  const config = loadConfig({ env: process.env, cwd: process.cwd() });
  if (command === 'token') return tokenCommand(config, sub, rest);
  if (command === 'config') return void console.log(JSON.stringify(withSecretsHidden(config), null, 2));
  if (command === 'callback-url') {
    const store = await openStore(config.dataDir, { callbackSecret: config.callbackSecret });
    const url = callbackUrl(config, config.provider, store.callbackSecret);
    if (!url) throw new UsageError('Set PUBLIC_URL (the relay address providers can reach) to get a callback URL');
    return void console.log(url);
  }
  throw new UsageError(`Unknown command "${command}"`);
}

async function tokenCommand(config: RelayConfig, sub: string | undefined, args: string[]): Promise<void> {
  const tokens = await TokenStore.open(dataFiles(config.dataDir).tokens);
  const now = new Date();
  const { values, positionals } = parseArgs({ args, options: { user: { type: 'string' }, role: { type: 'string' } }, allowPositionals: true });
  switch (sub) {
    case 'create': {
      const user = values.user?.trim();
      if (!user) throw new UsageError('token create needs --user NAME');
      if (!ROLES.includes(values.role as Role)) throw new UsageError(`token create needs --role, one of: ${ROLES.join(', ')}`);
      const { token, record } = await tokens.create(user, values.role as Role, now);
      console.log(`Created token ${record.id} for "${record.user}" (${record.role}). It is shown only now:`);
      console.log(token);
      return;
    }
    case 'list': {
      const rows = tokens.list();
      if (rows.length === 0) return void console.log('No tokens.');
      console.table(rows.map((t) => ({ id: t.id, user: t.user, role: t.role, created: t.createdAt, revoked: t.revokedAt ?? '' })));
      return;
    }
    case 'revoke': {
      const target = positionals[0] ? { id: positionals[0] } : values.user ? { user: values.user } : undefined;
      if (!target) throw new UsageError('token revoke needs a token id or --user NAME');
      const revoked = await tokens.revoke(target, now);
      if (revoked.length === 0) throw new UsageError(`No live token matches ${JSON.stringify(target)}`);
      for (const t of revoked) console.log(`Revoked ${t.id} of "${t.user}" (${t.role})`);
      return;
    }
    default:
      throw new UsageError(`Unknown token command "${sub ?? ''}": use create, list or revoke`);
  }
}

/** Credentials never leave the relay, not even on the admin's terminal. */
function withSecretsHidden(config: RelayConfig): unknown {
  return JSON.parse(JSON.stringify(config, (key, value: unknown) =>
    /apiId|password|apiKey|authToken|callbackSecret/i.test(key) && value ? '***' : value,
  ));
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
  else if (error instanceof ConfigError || error instanceof CorruptDataError) console.error(error.message);
  else console.error(error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
