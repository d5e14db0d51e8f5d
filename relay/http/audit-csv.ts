import { spreadsheetCsv, spreadsheetDate } from '../../shared/spreadsheet-csv';
import type { AuditEntry, AuditValue } from '../../shared/audit';
import type { Language, Words } from '../../shared/texts';

const COLUMNS: Words[] = [
  { ru: '№', en: 'No.' },
  { ru: 'Когда (UTC)', en: 'When (UTC)' },
  { ru: 'Пользователь', en: 'User' },
  { ru: 'Роль', en: 'Role' },
  { ru: 'Токен', en: 'Token' },
  { ru: 'Сайт CRM', en: 'CRM site' },
  { ru: 'Действие', en: 'Action' },
  { ru: 'Объект', en: 'Target' },
  { ru: 'Ответ', en: 'Status' },
  { ru: 'Подробности', en: 'Details' },
];

const pairs = (values: Record<string, AuditValue>): string =>
  Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join('; ');

/**
 * The audit log as a spreadsheet, newest first: the relay's own codes (roles, routes, statuses), the
 * header in the user's language (Russian with `;`, what Russian Excel splits on). Formula-safe: a cell
 * that starts like a formula (=, +, -, @) is written as text, so a name or reason typed as
 * «=HYPERLINK(…)» stays words.
 */
export function auditCsv(entries: Iterable<AuditEntry>, language: Language): string {
  const utc = spreadsheetDate(language, 'UTC');
  const rows = [...entries].map((e) => [e.n, utc(e.at), e.user, e.role, e.tokenId ?? '', e.site ?? '', e.action, pairs(e.target), e.status ?? '', pairs(e.details)]);
  const header = COLUMNS.map((words) => words[language]);
  return spreadsheetCsv(header, rows, language);
}
