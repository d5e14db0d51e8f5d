// Child process for the crash test: keeps writing ever more messages until it is killed.
import { MessageStore } from '../../relay/store/messages';

const store = await MessageStore.open(process.argv[2]!);
const padding = 'ж'.repeat(400);
for (let i = store.pending().length; ; i++) {
  await store.insert({
    id: `msg_${i}`,
    contact: null,
    phone: '79123456789',
    text: `${i} ${padding}`,
    parts: 1,
    encoding: 'UCS-2',
    provider: 'sandbox',
    providerMessageId: `p${i}`,
    status: 'queued',
    cost: null,
    currency: null,
    error: null,
    mailing: null,
    sentBy: 'crash-test',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  });
  if (i % 50 === 0) process.stdout.write(`${i}\n`);
}
