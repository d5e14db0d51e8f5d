import { setFlagsFromString } from 'node:v8';
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { consoleLogger } from './logger';
import { startRelay } from './start-relay';
import { CorruptDataError } from './store/json-db';
import { StorageError } from './store/storage-error';

// V8 lets the heap grow to several times the live data while a mailing allocates fast; a relay
// should stay small on a small machine, so the heap may grow only 40 % over what is live (a little
// more GC time; nothing is capped, so a bigger directory still fits).
if (!`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`.includes('heap-growing-percent')) {
  setFlagsFromString('--heap-growing-percent=40');
}

/** `npm start`: the relay with its configuration from the environment and relay.config.json. */
async function main(): Promise<void> {
  const config = loadConfig({ env: process.env, cwd: process.cwd() });
  const relay = await startRelay(config, { clock: systemClock, logger: consoleLogger });
  if (relay.firstAdminToken) {
    console.log('');
    console.log('First start: an admin access token was created. It is shown only this once;');
    console.log('paste it into the extension options (or create others with "npm run relay -- token create").');
    console.log(`Relay URL:    ${relay.url}`);
    console.log(`Admin token:  ${relay.firstAdminToken}`);
    console.log('');
  }
  // Last, so whoever waits for this line has everything above it.
  consoleLogger.info(`listening on ${relay.url} — provider "${config.provider}", data in ${config.dataDir}`);
  // Ctrl-C or SIGTERM (`npm start` execs node, so the signal reaches this process): finish what is being written, free
  // the port, exit. Ctrl-C comes twice (from the terminal, and forwarded by npm): the repeat changes nothing.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info(`stopping (${signal})`);
    relay.close().then(
      () => {
        consoleLogger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('[relay] stopping failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof CorruptDataError || error instanceof StorageError) {
    console.error(`[relay] cannot start: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`[relay] cannot start: the address is in use (${(error as Error).message}); set PORT to another port`);
  } else {
    console.error('[relay] cannot start:', error);
  }
  process.exit(1);
});
