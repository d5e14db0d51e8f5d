/**
 * `npm run lint:boundaries`: fails when an import in relay/, extension/ or shared/ crosses a boundary of the
 * README's Layout (the rules are in boundary-rules.ts).
 */
import { fileURLToPath } from 'node:url';
import { BOUNDARY_RULES, describeViolation, findViolations } from './boundary-rules';
import { projectImports } from './import-graph';

const root = fileURLToPath(new URL('../..', import.meta.url));
const edges = projectImports(root);
const violations = findViolations(edges, BOUNDARY_RULES);
for (const violation of violations) console.error(describeViolation(violation));
const files = new Set(edges.map((edge) => edge.from)).size;
console.log(`boundaries: ${edges.length} imports in ${files} files, ${violations.length} crossing a boundary`);
process.exitCode = violations.length > 0 ? 1 : 0;
