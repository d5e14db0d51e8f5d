// npm run bench: prints the numbers the issues name as targets. Not a test: it measures.
import { benchContentScript } from './content-script.bench';

await benchContentScript();
