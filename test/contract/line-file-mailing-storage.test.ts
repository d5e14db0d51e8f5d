import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineFileMailingStorage } from '../../relay/store/line-file-mailings/line-file-mailing-storage';
import { MailingStore } from '../../relay/store/mailings';
import { faultyIo } from '../support/faulty-io';
import { describeMailingStorage, type OpenedStorage } from './mailing-storage.contract';

/** The relay's own storage (mailings.json + a ledger folder per mailing) over a fresh temporary folder. */
async function openAt(dataDir: string): Promise<OpenedStorage> {
  const io = faultyIo();
  const dirOf = (id: string) => join(dataDir, 'mailings', id);
  const storage = new LineFileMailingStorage(await MailingStore.open(join(dataDir, 'mailings.json'), io), dirOf, io);
  let closed = false;
  return {
    storage,
    close: async () => {
      io.heal();
      if (!closed) storage.close();
      closed = true;
    },
    reopen: () => openAt(dataDir),
    failWrites: () => {
      io.fail({ code: 'ENOSPC' });
      return () => io.heal();
    },
    damage: (mailingId) => {
      const journal = join(dirOf(mailingId), 'journal.jsonl');
      writeFileSync(journal, `{"i":0,"s":"sen{"i":1}\n${readFileSync(journal, 'utf8')}`);
    },
  };
}

describeMailingStorage('line files', () => openAt(mkdtempSync(join(tmpdir(), 'mailing-storage-'))));
