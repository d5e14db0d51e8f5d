import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { healthLines } from './adapters/health-lines';
import { createHealthService } from './adapters/health-service';
import { InvalidAdapterInput } from './adapters/invalid-input';
import { parseOverride } from './adapters/override-check';
import { overrideInput, overrideLine, overrideSummary } from './adapters/override-summary';
import { createOverridesService, TooManyOverridesError } from './adapters/overrides-service';
import { systemClock } from './clock';
import { ConfigError, loadConfig, type RelayConfig } from './config';
import { createSystemAudit, type SystemAudit } from './domain/system-audit';
import { consoleLogger, silentLogger } from './logger';
import { callbackUrl, inboundUrl } from './providers/registry';
import { AdapterHealthStore } from './store/adapter-health';
import { AdapterOverrideStore } from './store/adapter-overrides';
import { AuditLog } from './store/audit-log';
import { CorruptDataError } from './store/json-db';
import { StorageError } from './store/storage-error';
import { dataFiles, openStore } from './store/store';
import { ROLES, TokenStore, type Role } from './store/tokens';

const USAGE = `Usage: npm run relay -- <command>

  token create --user NAME --role agent|marketer|admin   create an access token (printed last, shown once)
  token list                                              list tokens (never the tokens themselves)
  token revoke ID | --user NAME                           revoke one token, or every token of a user
  config                                                  show the effective settings (secrets hidden)
  callback-url                                            the URL to register for provider delivery reports
  inbound-url                                             the URL to register for the replies people send (Twilio, SMSC)
  adapters list                                           the site overrides of the reading rules
  adapters show SITE                                      a site's overrides, as JSON that "adapters set" takes back
  adapters set FILE.json                                  add or replace an override (or an array of them) for the team
  adapters remove SITE ADAPTER                            remove one: that site is read with the bundled adapter again
  adapters health                                         which fields the extensions could not read, per site
  help                                                    this text

The data directory and the rest come from the same settings as "npm start" (see the README).`;

class UsageError extends Error {}

async function run(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') return void console.log(USAGE);
  const config = loadConfig({ env: process.env, cwd: process.cwd() });
  if (command === 'token') return tokenCommand(config, sub, rest);
  if (command === 'adapters') return adaptersCommand(config, sub, rest);
  if (command === 'config') return void console.log(JSON.stringify(withSecretsHidden(config), null, 2));
  if (command === 'callback-url') {
    const store = await openStore(config.dataDir, { callbackSecret: config.callbackSecret });
    const url = callbackUrl(config, config.provider, store.callbackSecret);
    if (!url) throw new UsageError('Set PUBLIC_URL (the relay address providers can reach) to get a callback URL');
    return void console.log(url);
  }
  if (command === 'inbound-url') {
    const store = await openStore(config.dataDir, { callbackSecret: config.callbackSecret });
    const url = inboundUrl(config, config.provider, store.callbackSecret);
    if (!url) throw new UsageError('Set PUBLIC_URL (the relay address providers can reach) to get the inbound URL');
    return void console.log(url);
  }
  throw new UsageError(`Unknown command "${command}"`);
}

/** The relay's audit log as the CLI writes to it (the running relay takes its lines in): user "cli", the account that ran it. */
function cliAudit(config: RelayConfig): SystemAudit {
  return createSystemAudit({ audit: AuditLog.open(dataFiles(config.dataDir).audit), clock: systemClock, logger: consoleLogger });
}

async function tokenCommand(config: RelayConfig, sub: string | undefined, args: string[]): Promise<void> {
  const tokens = await TokenStore.open(dataFiles(config.dataDir).tokens);
  const now = new Date();
  const by = commandLineUser();
  const { values, positionals } = parseArgs({ args, options: { user: { type: 'string' }, role: { type: 'string' } }, allowPositionals: true });
  switch (sub) {
    case 'create': {
      const user = values.user?.trim();
      if (!user) throw new UsageError('token create needs --user NAME');
      if (!ROLES.includes(values.role as Role)) throw new UsageError(`token create needs --role, one of: ${ROLES.join(', ')}`);
      const change = { user: 'cli' as const, action: 'token create', target: { user }, details: { role: values.role as Role, by } };
      const { token, record } = await cliAudit(config).around(
        change,
        () => tokens.create(user, values.role as Role, now),
        (created) => ({ target: { tokenId: created.record.id } }),
      );
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
      const target: { id: string } | { user: string } | undefined = positionals[0] ? { id: positionals[0] } : values.user ? { user: values.user } : undefined;
      if (!target) throw new UsageError('token revoke needs a token id or --user NAME');
      const change = { user: 'cli' as const, action: 'token revoke', target: { ...target }, details: { by } };
      const revoked = await cliAudit(config).around(
        change,
        () => tokens.revoke(target, now),
        (done) => ({ target: { tokenIds: done.map((t) => t.id).join(', ') }, details: { revoked: done.length } }),
      );
      if (revoked.length === 0) throw new UsageError(`No live token matches ${JSON.stringify(target)}`);
      for (const t of revoked) console.log(`Revoked ${t.id} of "${t.user}" (${t.role})`);
      return;
    }
    default:
      throw new UsageError(`Unknown token command "${sub ?? ''}": use create, list or revoke`);
  }
}

/** The running relay picks up what this writes (it reads the overrides file again when it changed). */
async function adaptersCommand(config: RelayConfig, sub: string | undefined, args: string[]): Promise<void> {
  const files = dataFiles(config.dataDir);
  const overrideStore = await AdapterOverrideStore.open(files.adapterOverrides);
  const overrides = createOverridesService({ overrides: overrideStore, clock: systemClock });
  switch (sub) {
    case 'list': {
      const all = await overrides.list();
      if (all.length === 0) return void console.log('No site overrides: every extension reads pages with its bundled adapters.');
      for (const view of all) console.log(overrideLine(view));
      return;
    }
    case 'show': {
      if (!args[0]) throw new UsageError('adapters show needs a SITE, e.g. https://acme.creatio.com');
      const found = await overrides.list(args[0]);
      if (found.length === 0) throw new UsageError(`No override for ${args[0]}; "adapters list" shows the sites that have one`);
      // What it is on stderr, the override itself on stdout: `adapters show SITE > file.json` gives a file `adapters set` takes back.
      for (const view of found) console.error(`# ${overrideLine(view)}`);
      const inputs = found.map(overrideInput);
      console.log(JSON.stringify(inputs.length === 1 ? inputs[0] : inputs, null, 2));
      return;
    }
    case 'set': {
      if (!args[0]) throw new UsageError('adapters set needs a FILE.json with an override (or an array of them)');
      const inputs = ([] as unknown[]).concat(parseJsonFile(args[0], await readFile(args[0], 'utf8')));
      if (inputs.length === 0) throw new UsageError(`${args[0]} holds an empty list: nothing to set`);
      // Every override is checked before any is written.
      const checked = inputs.map((input, i) => {
        try {
          return parseOverride(input);
        } catch (error) {
          if (error instanceof InvalidAdapterInput && inputs.length > 1)
            throw new InvalidAdapterInput(error.field, `Override ${i + 1} of ${inputs.length}: ${error.message}`);
          throw error;
        }
      });
      for (const override of checked) {
        const { view, created } = await overrides.put(override, `command line (${commandLineUser()})`);
        console.log(`${created ? 'Added' : 'Replaced'} the override of ${view.adapter} on ${view.site}: ${overrideSummary(view)}`);
      }
      console.log('Extensions use it the next time they fetch the overrides from the relay.');
      return;
    }
    case 'remove': {
      const [site, adapter] = args;
      if (!site || !adapter) throw new UsageError('adapters remove needs a SITE and an ADAPTER, e.g. https://acme.creatio.com creatio');
      if (!(await overrides.remove(site, adapter))) throw new UsageError(`No override for the adapter "${adapter}" on ${site}; "adapters list" shows what there is`);
      return void console.log(`Removed the override of ${adapter} on ${site}: extensions read that site with the bundled adapter again once they fetch.`);
    }
    case 'health': {
      const health = createHealthService({
        health: await AdapterHealthStore.open(files.adapterHealth),
        overrides: overrideStore,
        clock: systemClock,
        logger: silentLogger,
      });
      for (const line of healthLines(await health.views())) console.log(line);
      return;
    }
    default:
      throw new UsageError(`Unknown adapters command "${sub ?? ''}": use list, show, set, remove or health`);
  }
}

function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidAdapterInput(undefined, `${file} is not valid JSON (${(error as Error).message})`);
  }
}

function commandLineUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown user';
  }
}

/** Credentials never leave the relay, not even on the admin's terminal. */
function withSecretsHidden(config: RelayConfig): unknown {
  return JSON.parse(JSON.stringify(config, (key, value: unknown) => (/apiId|password|apiKey|authToken|callbackSecret/i.test(key) && value ? '***' : value)));
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
  else if (error instanceof ConfigError || error instanceof CorruptDataError || error instanceof InvalidAdapterInput || error instanceof TooManyOverridesError)
    console.error(error.message);
  else if (error instanceof StorageError) console.error(`${error.message}; nothing was changed`);
  else if ((error as NodeJS.ErrnoException).code === 'ENOENT') console.error(`No such file: ${(error as NodeJS.ErrnoException).path}`);
  else console.error(error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
