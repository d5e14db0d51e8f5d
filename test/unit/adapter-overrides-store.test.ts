import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SiteOverrideView } from '../../shared/adapter-overrides';
import { AdapterHealthStore } from '../../relay/store/adapter-health';
import { AdapterOverrideStore } from '../../relay/store/adapter-overrides';
import { StorageError } from '../../relay/store/storage-error';
import { faultyIo } from '../support/faulty-io';

const fileIn = (name: string) => join(mkdtempSync(join(tmpdir(), 'adapter-store-')), name);
const view = (over: Partial<SiteOverrideView> = {}): SiteOverrideView => ({
  site: 'https://acme.creatio.com',
  adapter: 'creatio',
  fields: {},
  phones: [{ rule: { css: 'crt-phone-input input', read: 'value', layout: 'site override' }, type: 'mobile' }],
  doNotUseSms: [],
  extraFields: [],
  updatedAt: '2026-11-12T09:00:00.000Z',
  updatedBy: 'admin',
  ...over,
});

describe('the overrides file', () => {
  it('on a full disk, a change throws in words and neither the file nor what readers see changes', async () => {
    const io = faultyIo();
    const file = fileIn('adapter-overrides.json');
    const store = await AdapterOverrideStore.open(file, io);
    await store.put(view());
    const before = readFileSync(file, 'utf8');
    io.fail({ code: 'ENOSPC' });
    await expect(store.put(view({ adapter: 'generic' }))).rejects.toThrow(new StorageError('ENOSPC', file).message);
    await expect(store.remove('https://acme.creatio.com', 'creatio')).rejects.toBeInstanceOf(StorageError);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await store.all()).map((o) => o.adapter)).toEqual(['creatio']);
    io.heal();
    await store.put(view({ adapter: 'generic' }));
    expect((await (await AdapterOverrideStore.open(file)).all()).map((o) => o.adapter)).toEqual(['creatio', 'generic']);
  });

  it('picks up what another process (the CLI) wrote, and does not write over it', async () => {
    const file = fileIn('adapter-overrides.json');
    const relay = await AdapterOverrideStore.open(file);
    await relay.put(view());
    const cli = await AdapterOverrideStore.open(file);
    await cli.put(view({ adapter: 'generic' }));
    expect((await relay.all()).map((o) => o.adapter)).toEqual(['creatio', 'generic']);
    await relay.put(view({ site: 'https://b.example.com' }));
    expect(JSON.parse(readFileSync(file, 'utf8')).overrides).toHaveLength(3);
  });

  it('a file that is not JSON is refused, never overwritten', async () => {
    const file = fileIn('adapter-overrides.json');
    writeFileSync(file, '{"overrides": [');
    await expect(AdapterOverrideStore.open(file)).rejects.toThrow(/is not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{"overrides": [');
  });
});

describe('the health file', () => {
  it('changes that arrive together go to disk in one write, each answered only once it is on disk', async () => {
    const io = faultyIo();
    const file = fileIn('adapter-health.json');
    const store = await AdapterHealthStore.open(file, io);
    const bump = (sites: { cards: number }[]) => {
      if (sites.length === 0) sites.push({ site: 'https://a.b', adapter: 'x', since: 't', lastReportAt: 't', cards: 0, fields: {} } as never);
      sites[0]!.cards += 1;
    };
    io.log.length = 0;
    await Promise.all(Array.from({ length: 50 }, () => store.change(bump)));
    const renames = io.log.filter((c) => c.operation === 'rename').length;
    expect(store.all()[0]!.cards).toBe(50);
    expect(JSON.parse(readFileSync(file, 'utf8')).sites[0].cards).toBe(50);
    expect(renames).toBe(1);
    // A change after the write is written too (once the pause after a write is over).
    await store.change(bump);
    expect(JSON.parse(readFileSync(file, 'utf8')).sites[0].cards).toBe(51);
  });

  it('a write the disk refuses fails every change in it and counts none of them', async () => {
    const io = faultyIo();
    const file = fileIn('adapter-health.json');
    const store = await AdapterHealthStore.open(file, io);
    const bump = (sites: { cards: number }[]) => {
      if (sites.length === 0) sites.push({ site: 'https://a.b', adapter: 'x', since: 't', lastReportAt: 't', cards: 0, fields: {} } as never);
      sites[0]!.cards += 1;
    };
    await store.change(bump);
    io.fail({ code: 'EROFS' });
    const results = await Promise.allSettled([store.change(bump), store.change(bump), store.change(bump)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(store.all()[0]!.cards).toBe(1);
    io.heal();
    await store.change(bump);
    expect(JSON.parse(readFileSync(file, 'utf8')).sites[0].cards).toBe(2);
  });
});
