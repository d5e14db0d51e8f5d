// Child process for the crash test: keeps storing groups of 500 contacts, each group tagged with its
// round, until it is killed. After any kill, every round on disk must be whole.
import { ContactStore } from '../../relay/store/contacts';

const store = ContactStore.open(process.argv[2]!);
const padding = 'ж'.repeat(300);
for (let round = 0; ; round++) {
  const contacts = Array.from({ length: 500 }, (_, k) => ({
    crmId: `crash:${(round * 500 + k) % 20_000}`,
    name: `Контакт ${k} ${padding}`,
    phones: [],
    doNotUseSms: null,
    fields: { round: String(round) },
    createdAt: '2026-11-24T00:00:00.000Z',
    updatedAt: '2026-11-24T00:00:00.000Z',
  }));
  await store.putMany(contacts);
  if (round % 5 === 0) process.stdout.write(`${round}\n`);
}
