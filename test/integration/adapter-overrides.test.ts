import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faultyIo } from '../support/faulty-io';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { runRelayCli } from '../support/spawn-relay';

// Per-site reading overrides, from the outside: a relay on 127.0.0.1 over HTTP, and the admin's CLI.

const SITE = 'https://acme.creatio.com';
const good = {
  site: SITE,
  adapter: 'creatio',
  phones: [{ rule: { css: 'crt-phone-input input', read: 'value' }, type: 'mobile' }],
  extraFields: [{ label: 'Город доставки', rules: [{ field: 'crt-input', label: 'label', texts: ['Город доставки'], value: 'input', read: 'value' }] }],
};
const report = { site: SITE, adapter: 'creatio', cards: 2, fields: { phones: { read: { adapter: 1 }, missing: 1 } } };
const overridesFile = (relay: TestRelay) => join(relay.dataDir, 'adapter-overrides.json');

describe('who may do what', () => {
  let relay: TestRelay;
  beforeAll(async () => void (relay = await startTestRelay()));
  afterAll(() => relay.dispose());

  it('any token reads the overrides and reports health; only an admin changes overrides and reads health', async () => {
    const roles = [null, 'agent', 'marketer', 'admin'] as const;
    const routes: [string, string, unknown][] = [
      ['GET', '/api/adapters', undefined],
      ['PUT', '/api/adapters', good],
      // The override exists while agent and marketer try: their 403 is not a 404 in disguise.
      ['DELETE', `/api/adapters?site=${encodeURIComponent(SITE)}&adapter=creatio`, undefined],
      ['POST', '/api/adapters/health', report],
      ['GET', '/api/adapters/health', undefined],
    ];
    const seen: Record<string, Record<string, number>> = {};
    const refusals: string[] = [];
    for (const [method, path, body] of routes) {
      const row: Record<string, number> = {};
      for (const role of roles) {
        const answer = await relay.call(method, path, { role, body });
        row[role ?? 'none'] = answer.status;
        if (answer.status === 403) refusals.push(answer.body.error.message);
      }
      seen[`${method} ${path.split('?')[0]}`] = row;
    }
    expect(seen).toEqual({
      'GET /api/adapters': { none: 401, agent: 200, marketer: 200, admin: 200 },
      'PUT /api/adapters': { none: 401, agent: 403, marketer: 403, admin: 201 },
      'DELETE /api/adapters': { none: 401, agent: 403, marketer: 403, admin: 204 },
      'POST /api/adapters/health': { none: 401, agent: 204, marketer: 204, admin: 204 },
      'GET /api/adapters/health': { none: 401, agent: 403, marketer: 403, admin: 200 },
    });
    expect(refusals).toContain('This needs the role "admin" or higher; the token of "agent" has "agent"');
    expect(refusals).toContain('This needs the role "admin" or higher; the token of "marketer" has "marketer"');
    // The three reports with a token were counted, the one without was not.
    const health = await relay.call('GET', '/api/adapters/health', { role: 'admin' });
    expect(health.body.sites.map((s: { cards: number }) => s.cards)).toEqual([6]);
  });
});

describe('an override', () => {
  // A fresh relay and data folder per test: removing the overrides afterwards would leave their file behind, and
  // "nothing is written" is about the file too.
  let relay: TestRelay;
  beforeEach(async () => void (relay = await startTestRelay()));
  afterEach(() => relay.dispose());

  const rule = { css: 'a', read: 'text' };
  const refused: [string, unknown, { code: string; message: string; field?: string }][] = [
    [
      'a site with a path',
      { ...good, site: `${SITE}/0/Shell` },
      { code: 'invalid_request', message: 'Field "site": must be an origin such as https://crm.example.com', field: 'site' },
    ],
    [
      'a site without a scheme',
      { ...good, site: 'acme.creatio.com' },
      { code: 'invalid_request', message: 'Field "site": must be an origin such as https://crm.example.com', field: 'site' },
    ],
    [
      'a port that is not one',
      { ...good, site: `${SITE}:99999` },
      { code: 'invalid_request', message: 'Field "site": must be an origin such as https://crm.example.com', field: 'site' },
    ],
    [
      'an adapter id that is not one',
      { ...good, adapter: 'Creatio!' },
      { code: 'invalid_request', message: 'Field "adapter": must be an adapter id such as creatio', field: 'adapter' },
    ],
    [
      'a field the extension does not read',
      { ...good, fields: { phone: [rule] } },
      { code: 'unknown_field', message: 'Field "fields.phone" is not known', field: 'fields.phone' },
    ],
    [
      "a contact's phone beside the rules",
      { ...good, phone: '+79123456789' },
      { code: 'unknown_field', message: 'Field "phone" is not known; allowed: site, adapter, fields, phones, doNotUseSms, extraFields, note', field: 'phone' },
    ],
    [
      'an extra key in a rule',
      { ...good, phones: [{ rule: { css: 'a', read: 'tel', value: 'x' } }] },
      { code: 'unknown_field', message: 'Field "phones.0.rule.value" is not known', field: 'phones.0.rule.value' },
    ],
    [
      'a selector that does not parse',
      { ...good, phones: [{ rule: { css: 'crt-phone-input >', read: 'value' } }] },
      {
        code: 'invalid_request',
        message: 'Field "phones.0.rule.css": "crt-phone-input >" is not a valid CSS selector: nothing follows the combinator ">"',
        field: 'phones.0.rule.css',
      },
    ],
    [
      'a generated id starting with a digit',
      { ...good, fields: { name: [{ field: 'crt-input', label: 'label', texts: ['ФИО'], value: '#1abc', read: 'value' }] } },
      {
        code: 'invalid_request',
        message:
          'Field "fields.name.0.value": "#1abc" is not a valid CSS selector: "#" must be followed by a name that does not start with a digit (escape a leading digit, e.g. #\\31 23 for #123)',
        field: 'fields.name.0.value',
      },
    ],
    [
      'a jQuery-only pseudo-class in an extra field',
      { ...good, extraFields: [{ label: 'Город доставки', rules: [{ css: 'span:contains(Город)', read: 'text' }] }] },
      {
        code: 'invalid_request',
        message:
          'Field "extraFields.0.rules.0.css": "span:contains(Город)" is not a valid CSS selector: ":contains()" is not a pseudo-class that both Chromium and Firefox know',
        field: 'extraFields.0.rules.0.css',
      },
    ],
    [
      'a do-not-SMS rule whose label selector does not parse',
      { ...good, doNotUseSms: [{ field: 'crt-checkbox', label: '[data-x', texts: ['Не использовать SMS'], value: 'input', read: 'checked' }] },
      {
        code: 'invalid_request',
        message: 'Field "doNotUseSms.0.label": "[data-x" is not a valid CSS selector: the attribute selector [data-x… is not closed with "]"',
        field: 'doNotUseSms.0.label',
      },
    ],
    [
      'too many rules for a field',
      { ...good, fields: { name: Array(11).fill(rule) } },
      { code: 'invalid_request', message: 'Field "fields.name": must have at most 10 rules', field: 'fields.name' },
    ],
    [
      'too many phone rules',
      { ...good, phones: Array(11).fill({ rule }) },
      { code: 'invalid_request', message: 'Field "phones": Too big: expected array to have <=10 items', field: 'phones' },
    ],
    [
      'a reader that is not one',
      { ...good, fields: { name: [{ css: 'a', read: 'html' }] } },
      { code: 'invalid_request', message: 'Field "fields.name.0.read": must be text, value, checked, tel or attr:<attribute name>', field: 'fields.name.0.read' },
    ],
    [
      'an empty selector',
      { ...good, fields: { name: [{ css: '  ', read: 'text' }] } },
      { code: 'invalid_request', message: 'Field "fields.name.0.css": must not be empty', field: 'fields.name.0.css' },
    ],
    [
      'two extra fields with one label',
      {
        ...good,
        extraFields: [
          { label: 'Город', rules: [rule] },
          { label: 'город', rules: [rule] },
        ],
      },
      { code: 'invalid_request', message: 'Field "extraFields.1.label": "город" is already the label of extraFields.0', field: 'extraFields.1.label' },
    ],
  ];

  it.each(refused)('with %s is refused 400 in words naming the field, and nothing is written', async (_, body, error) => {
    const answer = await relay.call('PUT', '/api/adapters', { role: 'admin', body });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error });
    expect((await relay.call('GET', '/api/adapters')).body.overrides).toEqual([]);
    expect(existsSync(overridesFile(relay))).toBe(false);
  });

  it('that is good is written, served to every token, and replaced whole by the next one (the positive control)', async () => {
    const created = await relay.call('PUT', '/api/adapters', { role: 'admin', body: { ...good, site: 'https://ACME.creatio.com:443' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      site: SITE,
      adapter: 'creatio',
      fields: {},
      doNotUseSms: [],
      phones: [{ rule: { css: 'crt-phone-input input', read: 'value', layout: 'site override' }, type: 'mobile' }],
      extraFields: [
        { label: 'Город доставки', rules: [{ field: 'crt-input', label: 'label', texts: ['Город доставки'], value: 'input', read: 'value', layout: 'site override' }] },
      ],
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedBy: 'admin',
    });
    expect(existsSync(overridesFile(relay))).toBe(true);
    expect((await relay.call('GET', `/api/adapters?site=${encodeURIComponent(SITE)}`, { role: 'agent' })).body).toEqual({ overrides: [created.body] });

    const replaced = await relay.call('PUT', '/api/adapters', {
      role: 'admin',
      body: { site: SITE, adapter: 'creatio', fields: { name: [{ css: 'h1.crt-page-header', read: 'text' }] }, note: 'Freedom UI header' },
    });
    expect(replaced.status).toBe(200);
    const [only] = (await relay.call('GET', '/api/adapters')).body.overrides;
    expect(only.phones).toEqual([]);
    expect(only.fields.name[0].css).toBe('h1.crt-page-header');
    expect(only.note).toBe('Freedom UI header');
  });

  it('is listed per site; removing one that is not there is a 404 in words', async () => {
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: good });
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: { ...good, adapter: 'generic' } });
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: { ...good, site: 'https://b24.example.ru', adapter: 'bitrix24', extraFields: [] } });
    const forSite = await relay.call('GET', `/api/adapters?site=${encodeURIComponent(SITE)}`);
    expect(forSite.body.overrides.map((o: { adapter: string }) => o.adapter)).toEqual(['creatio', 'generic']);
    expect((await relay.call('GET', '/api/adapters?site=nope')).body.error).toEqual({
      code: 'invalid_request',
      message: 'Query parameter "site": must be an origin such as https://crm.example.com',
      field: 'site',
    });
    const missing = await relay.call('DELETE', `/api/adapters?site=${encodeURIComponent(SITE)}&adapter=hubspot`, { role: 'admin' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: `There is no override for the adapter "hubspot" on ${SITE}` });
    const noAdapter = await relay.call('DELETE', `/api/adapters?site=${encodeURIComponent(SITE)}`, { role: 'admin' });
    expect(noAdapter.body.error).toEqual({ code: 'invalid_request', message: 'Query parameter "adapter": is required', field: 'adapter' });
    expect((await relay.call('GET', '/api/adapters')).body.overrides).toHaveLength(3);
  });
});

describe('the ETag of GET /api/adapters', () => {
  // Each test starts from no overrides, whichever ran before it.
  let relay: TestRelay;
  beforeEach(async () => void (relay = await startTestRelay()));
  afterEach(() => relay.dispose());

  const get = (headers: Record<string, string> = {}, query = '') =>
    fetch(`${relay.url}/api/adapters${query}`, { headers: { authorization: `Bearer ${relay.tokens.agent}`, ...headers } });

  it('answers 304 without a body while nothing changed, and a new stamp once something did', async () => {
    const first = await get();
    const stamp = first.headers.get('etag')!;
    expect(stamp).toMatch(/^"[\w-]{27}"$/);
    expect(await first.json()).toEqual({ overrides: [] });
    for (const ifNoneMatch of [stamp, `W/${stamp}`, `"other", ${stamp}`, '*']) {
      const again = await get({ 'if-none-match': ifNoneMatch });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(stamp);
      expect(await again.text()).toBe('');
    }
    // Positive control: a stamp that is not the current one gets the list.
    expect((await get({ 'if-none-match': '"stale"' })).status).toBe(200);

    await relay.call('PUT', '/api/adapters', { role: 'admin', body: good });
    const changed = await get({ 'if-none-match': stamp });
    expect(changed.status).toBe(200);
    const newStamp = changed.headers.get('etag');
    expect(newStamp).not.toBe(stamp);
    expect((await changed.json()).overrides).toHaveLength(1);
    // Another site's view did not change: its stamp is still the empty list's.
    expect((await get({ 'if-none-match': stamp }, '?site=https%3A%2F%2Fother.example.com')).status).toBe(304);
  });

  it('the extension can send If-None-Match and read the ETag across origins, also on a 304', async () => {
    const origin = 'chrome-extension://abcdefghijklmnop';
    const preflight = await fetch(`${relay.url}/api/adapters`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,if-none-match' },
    });
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toContain('if-none-match');
    const first = await get({ origin });
    expect(first.headers.get('access-control-expose-headers')).toBe('ETag');
    const notModified = await get({ origin, 'if-none-match': first.headers.get('etag')! });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('access-control-allow-origin')).toBe(origin);
  });
});

describe('overrides on disk', () => {
  it('survive a restart with the same ETag', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-overrides-'));
    try {
      const first = await startTestRelay({}, { dataDir });
      await first.call('PUT', '/api/adapters', { role: 'admin', body: good });
      const before = await first.call('GET', '/api/adapters');
      const stamp = (await fetch(`${first.url}/api/adapters`, { headers: { authorization: `Bearer ${first.tokens.agent}` } })).headers.get('etag');
      await first.dispose();

      const second = await startTestRelay({}, { dataDir });
      try {
        expect((await second.call('GET', '/api/adapters')).body).toEqual(before.body);
        const revalidated = await fetch(`${second.url}/api/adapters`, { headers: { authorization: `Bearer ${second.tokens.agent}`, 'if-none-match': stamp! } });
        expect(revalidated.status).toBe(304);
      } finally {
        await second.dispose();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a full disk refuses the change in words (503) and leaves what is served as it was', async () => {
    const io = faultyIo();
    const relay = await startTestRelay({}, { io });
    try {
      await relay.call('PUT', '/api/adapters', { role: 'admin', body: good });
      io.fail({ code: 'ENOSPC', path: (p) => p.includes('adapter-overrides') });
      const refused = await relay.call('PUT', '/api/adapters', { role: 'admin', body: { ...good, adapter: 'generic' } });
      expect(refused.status).toBe(503);
      expect(refused.body.error.message).toBe('The relay cannot write to its data folder: disk full; nothing was changed');
      const removal = await relay.call('DELETE', `/api/adapters?site=${encodeURIComponent(SITE)}&adapter=creatio`, { role: 'admin' });
      expect(removal.status).toBe(503);
      expect((await relay.call('GET', '/api/adapters')).body.overrides.map((o: { adapter: string }) => o.adapter)).toEqual(['creatio']);
      io.heal();
      expect((await relay.call('PUT', '/api/adapters', { role: 'admin', body: { ...good, adapter: 'generic' } })).status).toBe(201);
    } finally {
      await relay.dispose();
    }
  });
});

describe('npm run relay -- adapters …', () => {
  // Each test starts from no overrides, whichever ran before it (and however far it got).
  let relay: TestRelay;
  beforeEach(async () => void (relay = await startTestRelay()));
  afterEach(() => relay.dispose());
  const cli = (...args: string[]) => runRelayCli(['adapters', ...args], { DATA_DIR: relay.dataDir, TZ: 'UTC' });

  it('set, list, show and remove round-trip, and the running relay serves each change', async () => {
    const file = join(relay.dataDir, 'creatio-override.json');
    await writeFile(file, JSON.stringify(good));
    const set = await cli('set', file);
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain(`Added the override of creatio on ${SITE}: phones (1 rule), extra fields «Город доставки»`);
    expect(set.code).toBe(0);
    const served = (await relay.call('GET', '/api/adapters')).body.overrides;
    expect(served).toHaveLength(1);
    expect(served[0].updatedBy).toMatch(/^command line \(.+\)$/);

    const listed = await cli('list');
    expect(listed.stdout).toMatch(
      new RegExp(`^${SITE} creatio: phones \\(1 rule\\), extra fields «Город доставки»; updated \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC by command line`, 'm'),
    );

    const shown = await cli('show', SITE);
    expect(shown.stderr.split('\n')[0]).toMatch(/^# https:\/\/acme\.creatio\.com creatio: /);
    // What show prints is what set takes back, as a user redirects it: `adapters show SITE > file.json`.
    expect(JSON.parse(shown.stdout)).toMatchObject({ site: SITE, adapter: 'creatio' });
    await writeFile(file, shown.stdout);
    expect((await cli('set', file)).stdout).toContain(`Replaced the override of creatio on ${SITE}`);

    const removed = await cli('remove', SITE, 'creatio');
    expect(removed.stdout).toContain(`Removed the override of creatio on ${SITE}`);
    expect((await relay.call('GET', '/api/adapters')).body.overrides).toEqual([]);
    const again = await cli('remove', SITE, 'creatio');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`No override for the adapter "creatio" on ${SITE}; "adapters list" shows what there is`);
    expect((await cli('list')).stdout).toContain('No site overrides');
  }, 60_000);

  it('set refuses a bad override in words and writes none of the file', async () => {
    const file = join(relay.dataDir, 'two-overrides.json');
    await writeFile(file, JSON.stringify([good, { ...good, adapter: 'generic', phones: [{ rule: { css: 'div >', read: 'tel' } }] }]));
    const refused = await cli('set', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('Override 2 of 2: Field "phones.0.rule.css": "div >" is not a valid CSS selector: nothing follows the combinator ">"');
    expect((await relay.call('GET', '/api/adapters')).body.overrides).toEqual([]);
  }, 30_000);
});
