import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../shared/replies';
import { InboundMessageStore } from '../../relay/store/inbound-messages';
import { StorageError } from '../../relay/store/storage-error';
import { faultyIo } from '../support/faulty-io';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'inbound-')), 'inbound-messages.jsonl');
let n = 0;
const message = (more: Partial<InboundMessage> = {}): InboundMessage => ({
  id: `in_${++n}`,
  provider: 'twilio',
  providerMessageId: `SM${n}`,
  from: '79120000001',
  to: '+15005550006',
  text: 'Спасибо',
  receivedAt: '2026-11-24T10:00:00.000Z',
  contactIds: ['c:1'],
  mailingId: null,
  keyword: null,
  read: false,
  ...more,
});

describe('the inbound messages on disk', () => {
  it("keeps one message per provider's id, comes back the same after a reopen, and keeps its read mark", async () => {
    const file = fileIn();
    const store = InboundMessageStore.open(file);
    const first = message({ providerMessageId: 'SM-same' });
    expect(await store.add(first)).toEqual({ message: first, created: true });
    expect(await store.add(message({ providerMessageId: 'SM-same', text: 'again' }))).toEqual({ message: first, created: false });
    // The same id from another provider is another message.
    expect((await store.add(message({ provider: 'smsc', providerMessageId: 'SM-same' }))).created).toBe(true);
    const other = message({ contactIds: ['c:2'] });
    await store.add(other);
    expect(await store.markRead([first.id])).toBe(1);
    expect(await store.markRead([first.id])).toBe(0);
    store.close();

    const reopened = InboundMessageStore.open(file);
    expect(reopened.forContact('c:1').map((m) => [m.providerMessageId, m.read])).toEqual([
      ['SM-same', true],
      ['SM-same', false],
    ]);
    expect(reopened.byProviderMessageId('twilio', 'SM-same')?.text).toBe('Спасибо');
    expect(reopened.unreadReplies()).toEqual({ count: 2, contacts: ['c:1', 'c:2'] });
    reopened.close();
  });

  it("counts a mailing's replies, and its opt-outs by number: a second STOP from one number is one opt-out", async () => {
    const store = InboundMessageStore.open(fileIn());
    await store.add(message({ mailingId: 'm1', keyword: 'stop', from: '79120000001' }));
    await store.add(message({ mailingId: 'm1', keyword: 'stop', from: '79120000001' }));
    await store.add(message({ mailingId: 'm1', keyword: 'stop', from: '79120000002' }));
    await store.add(message({ mailingId: 'm1', keyword: null }));
    await store.add(message({ mailingId: 'm2', keyword: 'start' }));
    await store.add(message({ mailingId: null, keyword: 'stop' }));
    expect(store.mailingCounts('m1')).toEqual({ replies: 4, optOuts: 2 });
    expect(store.mailingCounts('m2')).toEqual({ replies: 1, optOuts: 0 });
    expect(store.mailingCounts('none')).toEqual({ replies: 0, optOuts: 0 });
    store.close();
  });

  it('a write the disk refuses throws a StorageError and changes nothing; the same message goes in once there is room', async () => {
    const io = faultyIo();
    const file = fileIn();
    const store = InboundMessageStore.open(file, io);
    const kept = message();
    await store.add(kept);
    io.fail({ code: 'ENOSPC', operations: ['write'], partialBytes: 20 });
    const refused = message({ providerMessageId: 'SM-full' });
    await expect(store.add(refused)).rejects.toBeInstanceOf(StorageError);
    await expect(store.markRead([kept.id])).rejects.toBeInstanceOf(StorageError);
    expect(store.byProviderMessageId('twilio', 'SM-full')).toBeUndefined();
    expect(store.forContact('c:1')).toEqual([kept]);
    expect(store.unreadReplies().count).toBe(1);

    io.heal();
    expect((await store.add(refused)).created).toBe(true);
    store.close();
    expect(
      InboundMessageStore.open(file)
        .forContact('c:1')
        .map((m) => m.providerMessageId),
    ).toEqual([kept.providerMessageId, 'SM-full']);
  });
});
