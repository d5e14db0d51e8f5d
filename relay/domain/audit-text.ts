import type { AuditValue } from '../../shared/audit';

export const TARGET_CHARS = 200;
/** Texts are kept only as their first words: a message or a reason is not the log's to keep. */
export const TEXT_CHARS = 40;

/** A string as the audit log may keep it: no control characters (a refused id stays out of the file), at most `max` characters. */
export const auditText = (value: string, max = TARGET_CHARS): string => {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '�');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
};

/** Each string of `values` as the log may keep it. */
export const auditValues = <T extends AuditValue>(values: Record<string, T> | undefined, max: number): Record<string, T> =>
  Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, typeof value === 'string' ? auditText(value, max) : value])) as Record<string, T>;
