import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_HEALTH_PAIRS } from '../../relay/adapters/health-counts';
import { startTestRelay, testClock, type TestClock, type TestRelay } from '../support/relay-harness';
import { runRelayCli } from '../support/spawn-relay';

// Selector health from the outside: the extensions' counts reach the relay, add up, and read in words.

const SITE = 'https://acme.creatio.com';
const DAY = 24 * 3600 * 1000;
const report = (cards: number, fields: Record<string, unknown>, over: Record<string, unknown> = {}) => ({ site: SITE, adapter: 'creatio', cards, fields, ...over });
const health = async (relay: TestRelay) => (await relay.call('GET', '/api/adapters/health', { role: 'admin' })).body.sites;

describe('selector health', () => {
  let relay: TestRelay;
  let clock: TestClock;
  // A fresh relay and clock for each test: the counts of one must not be the next one's start.
  beforeEach(async () => {
    clock = testClock(Date.parse('2026-11-12T12:00:00Z'));
    relay = await startTestRelay({}, { clock });
  });
  afterEach(() => relay.dispose());

  it('adds the reports up per site, adapter and field, since the first report, and the CLI says it in words', async () => {
    const first = await relay.call('POST', '/api/adapters/health', {
      body: report(10, { phones: { read: { adapter: 1 }, missing: 9 }, name: { read: { adapter: 10 } } }),
    });
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    clock.advance(DAY);
    await relay.call('POST', '/api/adapters/health', {
      role: 'marketer',
      body: report(30, { phones: { read: { adapter: 2 }, missing: 28 }, name: { read: { adapter: 28, fallback: 2 } } }),
    });
    await relay.call('POST', '/api/adapters/health', { body: report(5, { doNotUseSms: { missing: 5 } }, { adapter: 'generic' }) });
    expect(await health(relay)).toEqual([
      {
        site: SITE,
        adapter: 'creatio',
        since: '2026-11-12T12:00:00.000Z',
        cards: 40,
        fields: { phones: { read: { adapter: 3 }, missing: 37 }, name: { read: { adapter: 38, fallback: 2 }, missing: 0 } },
      },
      { site: SITE, adapter: 'generic', since: '2026-11-13T12:00:00.000Z', cards: 5, fields: { doNotUseSms: { read: {}, missing: 5 } } },
    ]);

    const cli = await runRelayCli(['adapters', 'health'], { DATA_DIR: relay.dataDir, TZ: 'UTC' });
    expect(cli.code).toBe(0);
    expect(cli.stdout.split('\n')).toEqual([
      `${SITE} (creatio): 40 cards read since 12.11.2026`,
      '  creatio phones: not found on 37 of 40 cards since 12.11.2026; read by the adapter on 3',
      '  creatio name: found on every card since 12.11.2026; read by the adapter on 38, the fallback on 2',
      `${SITE} (generic): 5 cards read since 13.11.2026`,
      '  generic doNotUseSms: not found on 5 of 5 cards since 13.11.2026',
      '',
    ]);
  }, 30_000);

  it("starts counting anew once the site's override for that adapter changes: the fix is judged by the cards read after it", async () => {
    const site = 'https://fix.creatio.com';
    const mine = async () => (await health(relay)).filter((s: { site: string }) => s.site === site);
    // Another site's counts, for the positive control at the end.
    await relay.call('POST', '/api/adapters/health', { body: report(40, { phones: { read: { adapter: 3 }, missing: 37 } }) });
    await relay.call('POST', '/api/adapters/health', { body: report(40, { phones: { read: { adapter: 3 }, missing: 37 } }, { site }) });
    expect((await mine())[0]).toMatchObject({ cards: 40, fields: { phones: { missing: 37 } } });
    clock.advance(DAY);
    const fix = { site, adapter: 'creatio', phones: [{ rule: { css: 'crt-phone-input input', read: 'value' }, type: 'mobile' }] };
    expect((await relay.call('PUT', '/api/adapters', { role: 'admin', body: fix })).status).toBe(201);
    const fixedAt = new Date(clock.now()).toISOString();
    expect(await mine()).toEqual([{ site, adapter: 'creatio', since: fixedAt, cards: 0, fields: {} }]);
    clock.advance(1000);
    await relay.call('POST', '/api/adapters/health', { body: report(5, { phones: { read: { override: 5 } } }, { site }) });
    expect(await mine()).toEqual([
      { site, adapter: 'creatio', since: new Date(clock.now()).toISOString(), cards: 5, fields: { phones: { read: { override: 5 }, missing: 0 } } },
    ]);
    // Another site's counts are not touched by this site's fix (the positive control).
    expect((await health(relay)).find((s: { site: string }) => s.site === SITE)?.cards).toBe(40);
  }, 30_000);

  it('counts every one of many reports sent at once', async () => {
    const site = 'https://many.example.com';
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => relay.call('POST', '/api/adapters/health', { body: report(3, { phones: { read: { fallback: 1 }, missing: 2 } }, { site }) })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(204));
    const counted = (await health(relay)).find((s: { site: string }) => s.site === site);
    expect(counted).toMatchObject({ cards: 120, fields: { phones: { read: { fallback: 40 }, missing: 80 } } });
  });

  const REFUSED = 'https://refused.example.com';
  const bad = (cards: number, fields: Record<string, unknown>, over: Record<string, unknown> = {}) => report(cards, fields, { site: REFUSED, ...over });
  const refused: [string, unknown, { code: string; message: string; field?: string }][] = [
    [
      "a contact's phone beside the counts",
      { ...bad(3, {}), phone: '+79123456789' },
      { code: 'unknown_field', message: 'Field "phone" is not known; allowed: site, adapter, cards, fields', field: 'phone' },
    ],
    [
      "a value in a field's counts",
      bad(3, { phones: { read: {}, missing: 1, value: '+79123456789' } }),
      { code: 'unknown_field', message: 'Field "fields.phones.value" is not known', field: 'fields.phones.value' },
    ],
    [
      'a name in place of a layer',
      bad(3, { name: { read: { 'Иван Петров': 1 } } }),
      { code: 'unknown_field', message: 'Field "fields.name.read.Иван Петров" is not known', field: 'fields.name.read.Иван Петров' },
    ],
    [
      'a phone number as a field name',
      bad(3, { '+7 912 345-67-89': { missing: 1 } }),
      {
        code: 'invalid_request',
        message: 'Field "fields": a field name looks like a phone number or an e-mail address; a health report carries counts only, never contact data',
        field: 'fields',
      },
    ],
    [
      'an e-mail as a field name',
      bad(3, { 'ivan@example.com': { missing: 1 } }),
      {
        code: 'invalid_request',
        message: 'Field "fields": a field name looks like a phone number or an e-mail address; a health report carries counts only, never contact data',
        field: 'fields',
      },
    ],
    [
      'more misses than cards',
      bad(3, { phones: { missing: 4 } }),
      { code: 'invalid_request', message: 'Field "fields.phones.missing": 4 is more than the 3 cards the report counts', field: 'fields.phones.missing' },
    ],
    ['no cards', bad(0, {}), { code: 'invalid_request', message: 'Field "cards": Too small: expected number to be >=1', field: 'cards' }],
    [
      '41 fields',
      bad(3, Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`f${i}`, { missing: 0 }]))),
      { code: 'invalid_request', message: 'Field "fields": must have at most 40 fields', field: 'fields' },
    ],
    [
      'a site with a path',
      bad(3, {}, { site: `${REFUSED}/0/Nui` }),
      { code: 'invalid_request', message: 'Field "site": must be an origin such as https://crm.example.com', field: 'site' },
    ],
  ];
  const countedFor = async (site: string) => (await health(relay)).filter((s: { site: string }) => s.site.startsWith(site));

  it.each(refused)('with %s is refused 400 in words and nothing is counted', async (_, body, error) => {
    const answer = await relay.call('POST', '/api/adapters/health', { body });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error });
    expect(await countedFor(REFUSED)).toEqual([]);
  });

  it('a good report to that site is counted (the positive control)', async () => {
    expect((await relay.call('POST', '/api/adapters/health', { body: bad(3, { phones: { missing: 3 } }) })).status).toBe(204);
    expect(await countedFor(REFUSED)).toMatchObject([{ site: REFUSED, cards: 3 }]);
  });
});

describe('selector health on disk', () => {
  it('survives a restart and keeps adding up', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-health-'));
    try {
      const first = await startTestRelay({}, { dataDir });
      await first.call('POST', '/api/adapters/health', { body: report(4, { phones: { missing: 1 } }) });
      await first.dispose();
      const second = await startTestRelay({}, { dataDir });
      try {
        await second.call('POST', '/api/adapters/health', { body: report(6, { phones: { missing: 2 } }) });
        expect(await health(second)).toMatchObject([{ site: SITE, cards: 10, fields: { phones: { missing: 3 } } }]);
      } finally {
        await second.dispose();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it(`keeps at most ${MAX_HEALTH_PAIRS} sites: one more drops the site reported least recently`, async () => {
    const clock = testClock();
    const relay = await startTestRelay({}, { clock });
    try {
      for (let batch = 0; batch < MAX_HEALTH_PAIRS / 50; batch++) {
        await Promise.all(
          Array.from({ length: 50 }, (_, i) => relay.call('POST', '/api/adapters/health', { body: report(1, {}, { site: `https://s${batch * 50 + i}.example.com` }) })),
        );
        clock.advance(1000);
      }
      // s0 … s49 were reported first; s0 is reported again, so one of s1 … s49 goes.
      await relay.call('POST', '/api/adapters/health', { body: report(1, {}, { site: 'https://s0.example.com' }) });
      clock.advance(1000);
      expect((await relay.call('POST', '/api/adapters/health', { body: report(1, {}, { site: 'https://new.example.com' }) })).status).toBe(204);
      const sites: string[] = (await health(relay)).map((s: { site: string }) => s.site);
      expect(sites).toHaveLength(MAX_HEALTH_PAIRS);
      expect(sites).toContain('https://new.example.com');
      expect(sites).toContain('https://s0.example.com');
      expect(sites.filter((s) => /^https:\/\/s([1-9]|[1-4]\d)\.example\.com$/.test(s))).toHaveLength(48);
    } finally {
      await relay.dispose();
    }
  }, 60_000);
});
