import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_RELAY, BUILT_RELAY_ENV } from '../support/spawn-relay';

/** The benches run the built relay as `npm start` does: the same file, with the same environment. */
describe('npm start', () => {
  const start: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts.start;

  it('builds the relay, then runs the bundle the benches run', () => {
    expect(start).toMatch(/^npm run --silent build:relay && /);
    expect(start).toMatch(new RegExp(`exec node ${BUILT_RELAY.replaceAll('.', '\\.')}$`));
  });

  it('sets what the benches set, unless the caller set it', () => {
    for (const [name, value] of Object.entries(BUILT_RELAY_ENV)) expect(start).toContain(`${name}=\${${name}:-${value}}`);
  });
});
