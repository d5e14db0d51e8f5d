import { randomBytes } from 'node:crypto';
import type { PreflightView } from '../../shared/mailings';
import type { Clock } from '../clock';
import type { AudienceWriter } from '../store/mailing-storage';

/** What a pre-flight's figures depend on: the mailing itself, and the rest (directory, provider). */
export interface PreflightStamp {
  mailing: string;
  directory: string;
}

/** What a pre-flight froze, kept on disk for the launch that follows it. */
export interface StagedPreflight {
  id: string;
  /** What the figures depend on, as it stood when the freeze began. */
  stamp: PreflightStamp;
  view: PreflightView;
  /** The frozen audience, written but not in place: the launch finishes it, anything else aborts it. */
  writer: AudienceWriter;
  at: number;
}

/** A pre-flight's figures are good this long: past it, the provider's prices and the balance are asked again. */
export const STAGED_FOR_MS = 10 * 60_000;
/** More mailings than anyone checks at once: each staged one holds an open file and a few bytes a recipient. */
const MOST_STAGED = 8;

/**
 * The pre-flights kept for a launch, one per mailing: the latest of each. Putting a new one aborts the
 * one it replaces, and those past STAGED_FOR_MS, and past MOST_STAGED mailings the oldest.
 */
export function createStagedPreflights(clock: Clock) {
  const byMailing = new Map<string, StagedPreflight>();
  const drop = (mailingId: string) => {
    byMailing.get(mailingId)?.writer.abort();
    byMailing.delete(mailingId);
  };
  const dropExpired = () => {
    for (const [mailingId, staged] of byMailing) if (clock.now() - staged.at > STAGED_FOR_MS) drop(mailingId);
  };
  return {
    put(mailingId: string, staged: Omit<StagedPreflight, 'id' | 'at'>): string {
      drop(mailingId);
      dropExpired();
      while (byMailing.size >= MOST_STAGED) drop(byMailing.keys().next().value!);
      const id = `pf_${randomBytes(6).toString('hex')}`;
      byMailing.set(mailingId, { ...staged, id, at: clock.now() });
      return id;
    },
    /** The mailing's staged pre-flight, now the caller's (to finish or abort), expired or not. */
    take(mailingId: string): StagedPreflight | undefined {
      const staged = byMailing.get(mailingId);
      byMailing.delete(mailingId);
      return staged;
    },
    /** Its figures are too old to launch on: the prices and the balance are asked again. */
    expired: (staged: StagedPreflight) => clock.now() - staged.at > STAGED_FOR_MS,
    drop,
    dropAll(): void {
      for (const mailingId of [...byMailing.keys()]) drop(mailingId);
    },
  };
}

export type StagedPreflights = ReturnType<typeof createStagedPreflights>;
