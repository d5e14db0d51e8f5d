// npm run bench: prints the numbers the issues name as targets. Not a test: it measures.
import { benchContentScript } from './content-script.bench';
import { benchMailing } from './mailing.bench';

const only = process.argv[2];
if (!only || only === 'content-script') await benchContentScript();
if (!only || only === 'mailing') await benchMailing();
