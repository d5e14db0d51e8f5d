import type { SystemAudit, SystemChange } from '../../relay/domain/system-audit';

/** A SystemAudit that keeps each change it is told of, in order (`around`'s as they begin, with the outcome's details once done). */
export function recordedAudit(): { audit: SystemAudit; changes: SystemChange[] } {
  const changes: SystemChange[] = [];
  const audit: SystemAudit = {
    async around(change, work, noted) {
      const kept = { ...change, details: { ...change.details } };
      changes.push(kept);
      const result = await work();
      Object.assign(kept.details, noted?.(result).details);
      return result;
    },
    record: (change) => void changes.push(change),
  };
  return { audit, changes };
}
