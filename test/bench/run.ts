// npm run bench: prints the numbers the issues name as targets. Not a test: it measures.
// `npm run bench -- <part> [<part> …]` runs only those parts, in this order.
import { benchContentScript } from './content-script.bench';
import { benchFsync } from './fsync.bench';
import { benchHistory } from './history.bench';
import { benchKillLoop } from './kill-loop.bench';
import { benchPostgresImport } from './postgres-import.bench';
import { benchMailing, benchRateLimit } from './mailing.bench';
import { benchReplies } from './replies.bench';
import { benchSearch } from './search.bench';
import { benchSearchMillion } from './search-million.bench';

const PARTS = ['content-script', 'mailing', 'rate-limit', 'fsync', 'history', 'kill-loop', 'search', 'search-1m', 'replies', 'postgres-import'] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown.length > 0) {
  console.error(`unknown bench part(s): ${unknown.join(', ')}; the parts are ${PARTS.join(', ')}`);
  process.exit(2);
}
// "mailing" keeps meaning what it always did: the 100k mailing and the rate-limited one.
const runs = (part: (typeof PARTS)[number]) => asked.length === 0 || asked.includes(part) || (part === 'rate-limit' && asked.includes('mailing'));

let mailingSeconds: number | undefined;
if (runs('content-script')) await benchContentScript();
if (runs('mailing')) ({ mailingSeconds } = await benchMailing());
if (runs('rate-limit')) await benchRateLimit();
if (runs('fsync')) benchFsync(mailingSeconds);
if (runs('history')) await benchHistory();
if (runs('kill-loop')) await benchKillLoop();
if (runs('search')) await benchSearch();
if (runs('search-1m')) benchSearchMillion();
if (runs('replies')) await benchReplies();
if (runs('postgres-import')) await benchPostgresImport();
