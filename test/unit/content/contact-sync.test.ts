import { describe, expect, it, vi } from 'vitest';
import { createContactSync, READ_AFTER_MS, type ContactSyncDeps, type ShownCard } from '../../../extension/content/contact-sync';
import type { HealthReporter } from '../../../extension/content/read-health-reporter';
import type { ContactRead, CrmAdapter } from '../../../extension/crm/types';
import { fakeTimers } from './fake-timers';

const adapter = { id: 'demo', name: 'Demo CRM', fields: {}, phones: [], optIn: false } as unknown as CrmAdapter;
const URL_NOW = new URL('http://127.0.0.1:8787/demo/#/contacts/1');

const contact = (name: string): ContactRead => ({
  adapter: 'demo',
  recordId: '1',
  fields: { name },
  phones: [{ number: '+7 912 345-67-89', type: 'mobile', source: 'demo rule' }],
  doNotUseSms: null,
  provenance: {
    name: 'demo rule',
    firstName: null,
    lastName: null,
    account: null,
    owner: null,
    currentUser: null,
    email: null,
    city: null,
    phones: 'demo rule',
    doNotUseSms: null,
  },
  layers: { name: 'adapter', phones: 'adapter' },
  extra: {},
});

const cardOnShow = (): ShownCard => ({ adapter, recordId: '1', anchor: {} as Element, key: 'demo:127.0.0.1:8787:1', crmId: 'demo:127.0.0.1:8787:1', read: null });

function setup(overrides: Partial<ContactSyncDeps> = {}) {
  const timers = fakeTimers();
  let onPage: ContactRead | null = contact('Иван Петров');
  const sent: { crmId: string; name: unknown }[] = [];
  const notes: string[] = [];
  const health: HealthReporter = { note: (key) => void notes.push(key), flush: () => undefined };
  let current: ShownCard | null = cardOnShow();
  const deps: ContactSyncDeps = {
    readContact: async () => onPage && structuredClone(onPage),
    upsertContact: async (crmId, snapshot) => {
      sent.push({ crmId, name: snapshot.name });
      return true;
    },
    overrideFor: () => null,
    isCurrent: (card) => card === current,
    onRead: vi.fn(),
    onNoContact: vi.fn(),
    health,
    url: () => URL_NOW,
    timers,
    ...overrides,
  };
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  return {
    timers,
    sent,
    notes,
    deps,
    sync: createContactSync(deps),
    get card() {
      return current!;
    },
    show: (card: ShownCard | null) => (current = card),
    page: (next: ContactRead | null) => (onPage = next),
  };
}

describe('contact sync', () => {
  it('reads the card READ_AFTER_MS after the last change, once, and sends the contact to the background', async () => {
    const t = setup();
    t.sync.schedule(t.card);
    t.timers.advance(READ_AFTER_MS - 1);
    t.sync.schedule(t.card);
    t.timers.advance(READ_AFTER_MS - 1);
    expect(t.sent).toEqual([]);
    t.timers.advance(1);
    await vi.waitFor(() => expect(t.sent).toEqual([{ crmId: 'demo:127.0.0.1:8787:1', name: 'Иван Петров' }]));
    expect(t.card.read?.fields.name).toBe('Иван Петров');
    expect(t.deps.onRead).toHaveBeenCalledWith(t.card, t.card.read, expect.any(Array));
    expect(t.notes).toEqual([t.card.key]);
  });

  it('an unchanged contact is not sent again; a changed one is', async () => {
    const t = setup();
    await t.sync.read(t.card);
    await t.sync.read(t.card);
    expect(t.sent).toHaveLength(1);
    t.page(contact('Иван Сидоров'));
    await t.sync.read(t.card);
    expect(t.sent.map((s) => s.name)).toEqual(['Иван Петров', 'Иван Сидоров']);
  });

  it('a contact the background did not take is sent again on the next read; a forgotten one too', async () => {
    let accept = false;
    const names: unknown[] = [];
    const t = setup({ upsertContact: async (_, snapshot) => (names.push(snapshot.name), accept) });
    await t.sync.read(t.card);
    accept = true;
    await t.sync.read(t.card);
    await t.sync.read(t.card);
    expect(names).toHaveLength(2);
    t.sync.forget(t.card.crmId);
    await t.sync.read(t.card);
    expect(names).toHaveLength(3);
  });

  it('a read that outlived its card is dropped: nothing is sent, nothing shown', async () => {
    const t = setup();
    const old = t.card;
    t.show(cardOnShow());
    expect(await t.sync.read(old)).toBeNull();
    expect(t.sent).toEqual([]);
    expect(t.deps.onRead).not.toHaveBeenCalled();
    expect(t.deps.onNoContact).not.toHaveBeenCalled();
  });

  it('a card with no contact says so and sends nothing', async () => {
    const t = setup();
    t.page(null);
    expect(await t.sync.read(t.card)).toBeNull();
    expect(t.deps.onNoContact).toHaveBeenCalledWith(t.card);
    expect(t.sent).toEqual([]);
  });

  it('cancel drops the pending read', () => {
    const t = setup();
    t.sync.schedule(t.card);
    t.sync.cancel();
    expect(t.timers.pending()).toBe(0);
  });
});
