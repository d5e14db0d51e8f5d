import type { ContactView } from '../../shared/api';
import { STANDARD_MACROS, templateContextFor } from '../../shared/macros';
import type { EmptyMacroReport, TextLengths } from '../../shared/mailings';
import { isGsm7Char, type SmsEncoding } from '../../shared/segments';
import type { FrozenRecipient } from '../store/mailing-storage';
import type { CompiledTemplate } from './template';

const EXAMPLES = 5;
const ENCODINGS: SmsEncoding[] = ['GSM-7', 'UCS-2'];

/**
 * The encoding and length of a text as countSegments gives them, without its character-by-character
 * walk (the parts are already known): a text is UCS-2 once one code unit is not in GSM-7, and its
 * characters are its code points.
 */
const NOT_GSM7 = new RegExp(
  `[^${Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code))
    .filter(isGsm7Char)
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('')}]`,
);
const HIGH_SURROGATE = /[\ud800-\udbff]/;
const SURROGATE_PAIRS = /[\ud800-\udbff][\udc00-\udfff]/g;
const charactersOf = (text: string) => (HIGH_SURROGATE.test(text) ? text.length - (text.match(SURROGATE_PAIRS)?.length ?? 0) : text.length);

/**
 * Looks at each frozen recipient's message as the pre-flight goes: which have an empty macro (and,
 * when asked, skips them), and how long the messages are, shortest to longest.
 */
export function textSurvey(template: CompiledTemplate, mailingName: string, skipEmptyMacros: boolean) {
  const perMacro = new Map<string, number>();
  const examples: EmptyMacroReport['examples'] = [];
  const encodings = new Set<SmsEncoding>();
  const characters = { min: Infinity, max: 0 };
  const parts = { min: Infinity, max: 0 };
  let withEmptyMacro = 0;
  // A text without macros has none empty: no recipient needs looking at for that.
  const hasMacros = template.macros.length > 0;
  // A Cyrillic template makes every message UCS-2, whatever the macros put in.
  const alwaysUcs2 = NOT_GSM7.test(template.literalText);
  if (alwaysUcs2) encodings.add('UCS-2');

  return {
    /** `recipient` is `contact` frozen; one to skip for an empty macro is marked skipped here. */
    add(contact: ContactView, recipient: FrozenRecipient): void {
      if (recipient.skip || recipient.text === null) return;
      const empty = hasMacros && template.mayHaveEmptyMacro(recipient.text) ? template.emptyMacros(templateContextFor(contact, recipient.phone ?? '', mailingName)) : [];
      if (empty.length > 0) {
        withEmptyMacro++;
        for (const path of empty) perMacro.set(path, (perMacro.get(path) ?? 0) + 1);
        if (examples.length < EXAMPLES) examples.push({ contactId: recipient.contactId, name: recipient.name, macros: empty });
        if (skipEmptyMacros) {
          Object.assign(recipient, { skip: 'empty_macro', text: null, parts: 0 } satisfies Partial<FrozenRecipient>);
          return;
        }
      }
      const length = charactersOf(recipient.text);
      if (!alwaysUcs2) encodings.add(NOT_GSM7.test(recipient.text) ? 'UCS-2' : 'GSM-7');
      if (length < characters.min) characters.min = length;
      if (length > characters.max) characters.max = length;
      if (recipient.parts < parts.min) parts.min = recipient.parts;
      if (recipient.parts > parts.max) parts.max = recipient.parts;
    },
    emptyMacros: (): EmptyMacroReport => ({
      recipients: withEmptyMacro,
      macros: [...perMacro].map(([path, recipients]) => ({ path, recipients })),
      examples,
    }),
    lengths: (): TextLengths | null =>
      characters.min === Infinity ? null : { characters: { ...characters }, parts: { ...parts }, encodings: ENCODINGS.filter((e) => encodings.has(e)) },
  };
}

/** A macro as the marketer knows it: «Имя», or a custom field's own name. */
export function macroLabel(path: string): { en: string; ru: string } {
  const standard = STANDARD_MACROS.find((m) => m.path === path);
  if (standard) return standard.label;
  const name = path.replace(/^contact\.fields\./, '');
  return { en: name, ru: name };
}
