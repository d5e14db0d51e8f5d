import { describe, expect, it } from 'vitest';
import { OVERRIDE_TEXT_FIELDS } from '../../shared/adapter-overrides';
import { STANDARD_MACROS } from '../../shared/macros';
import { CONSENT_SOURCE_LABELS, CONSENT_SOURCES } from '../../shared/consent';
import {
  LAUNCH_TYPES,
  LAUNCH_TYPE_LABELS,
  MAILING_KINDS,
  MAILING_KIND_LABELS,
  MAILING_STATUSES,
  MAILING_STATUS_LABELS,
  RECIPIENT_STATES,
  SKIP_REASONS,
  SKIP_REASON_LABELS,
} from '../../shared/mailings';
import { PHONE_ERROR_TEXTS } from '../../shared/phones';
import { PROVIDER_ERRORS } from '../../shared/provider-errors';
import { PROVIDER_IDS } from '../../shared/providers';
import { STOP_LIST_SOURCE_LABELS, STOP_LIST_SOURCES } from '../../shared/stop-list';
import { MESSAGE_STATUSES, STATUS_LABELS } from '../../shared/status';
import { COLUMN_WORDS, PROVIDER_NAMES, RECIPIENT_STATE_LABELS, ROLE_LABELS } from '../../shared/texts';
import { MAILING_TEXTS, TEXTS } from '../../extension/i18n/texts';

/**
 * Every Russian text the UI shows, from every table it is built from, is Russian: no relay ids, codes or
 * internal field names, and no English words beyond the few a Russian user meets as they are.
 */

/** Latin words a Russian text may hold: the manual's «SMS», product and format names, keys, a command, an example address. */
const ALLOWED_LATIN = new Set(['SMS', 'CRM', 'CSV', 'UCS-2', 'GSM-7', 'Esc', 'https', 'crm.example.com', 'npm', 'run', 'relay', 'token', 'create']);
/** Provider brands keep their names in Russian too. */
const BRANDS = new Set(Object.values(PROVIDER_NAMES).flatMap((name) => name.ru.match(/[A-Za-z][\w.]*/g) ?? []));

/** What the relay and the extension call things internally: none may show up in a Russian text. */
const INTERNAL_IDS = [
  ...PROVIDER_IDS,
  'agent',
  'marketer',
  'admin',
  ...OVERRIDE_TEXT_FIELDS,
  'crmId',
  'contactId',
  ...MESSAGE_STATUSES,
  ...RECIPIENT_STATES,
  ...MAILING_STATUSES,
  ...SKIP_REASONS,
  ...LAUNCH_TYPES,
  ...MAILING_KINDS,
  // "crm" is also the example address's (crm.example.com): the CRM's own name is written «CRM».
  ...new Set([...STOP_LIST_SOURCES, ...CONSENT_SOURCES].filter((source) => source !== 'crm')),
];

const russianTexts: [string, string][] = [
  ...Object.entries(TEXTS).map(([key, t]): [string, string] => [`TEXTS.${key}`, t.ru]),
  ...Object.entries(MAILING_TEXTS).map(([key, t]): [string, string] => [`MAILING_TEXTS.${key}`, t.ru]),
  ...Object.entries({
    STATUS_LABELS,
    SKIP_REASON_LABELS,
    MAILING_STATUS_LABELS,
    LAUNCH_TYPE_LABELS,
    MAILING_KIND_LABELS,
    STOP_LIST_SOURCE_LABELS,
    CONSENT_SOURCE_LABELS,
    RECIPIENT_STATE_LABELS,
    ROLE_LABELS,
    COLUMN_WORDS,
    PHONE_ERROR_TEXTS,
    PROVIDER_ERRORS,
  }).flatMap(([table, entries]) => Object.entries(entries as Record<string, { ru: string }>).map(([key, t]): [string, string] => [`${table}.${key}`, t.ru])),
  ...STANDARD_MACROS.map((m): [string, string] => [`STANDARD_MACROS.${m.path}`, m.label.ru]),
];

const latinWords = (text: string) => text.replace(/\{\w+\}/g, '').match(/[A-Za-z][A-Za-z0-9.-]*[A-Za-z0-9]|[A-Za-z]/g) ?? [];

describe('Russian texts', () => {
  it('cover every table the UI takes words from', () => {
    expect(russianTexts.length).toBeGreaterThan(300);
    // Positive control: the check does see a raw id and an English word.
    expect(latinWords('оператор sandbox (connection failed)')).toEqual(['sandbox', 'connection', 'failed']);
  });

  it.each(russianTexts)('%s has no English words', (_key, text) => {
    const foreign = latinWords(text).filter((word) => !ALLOWED_LATIN.has(word) && !BRANDS.has(word));
    expect(foreign).toEqual([]);
  });

  it.each(russianTexts)('%s names no internal id', (_key, text) => {
    const ids = INTERNAL_IDS.filter((id) => new RegExp(`(?<![A-Za-z_])${id}(?![A-Za-z_])`).test(text.replace(/\{\w+\}/g, '')));
    expect(ids).toEqual([]);
  });
});
