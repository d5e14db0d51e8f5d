import { STANDARD_MACROS } from '../../../shared/macros';
import type { EmptyMacroReport, TextLengths } from '../../../shared/mailings';
import { formatNumber } from '../../i18n/format';
import { translateMailing, type Language } from '../../i18n/texts';

/** A macro as the marketer picked it: «Имя», or a custom field's own name. */
export function macroName(path: string, language: Language): string {
  return STANDARD_MACROS.find((m) => m.path === path)?.label[language] ?? path.replace(/^contact\.fields\./, '');
}

const range = (min: number, max: number, language: Language) =>
  min === max ? formatNumber(min, language) : `${formatNumber(min, language)}–${formatNumber(max, language)}`;

/** «41–63 симв. · UCS-2 · СМС: 1–2». */
export function lengthsText(lengths: TextLengths, language: Language): string {
  return translateMailing(language, 'lengthsRange', {
    characters: range(lengths.characters.min, lengths.characters.max, language),
    encoding: lengths.encodings.join(' / '),
    parts: range(lengths.parts.min, lengths.parts.max, language),
  });
}

/** «Пустой макрос («Имя») в тексте у получателей: 2 — Айгуль Нурланова, Пётр, …». */
export function emptyMacrosText(report: EmptyMacroReport, language: Language): string {
  const more = report.recipients > report.examples.length ? ', …' : '';
  return translateMailing(language, 'emptyMacrosFound', {
    macros: report.macros.map((m) => (language === 'ru' ? `«${macroName(m.path, language)}»` : `"${macroName(m.path, language)}"`)).join(', '),
    count: formatNumber(report.recipients, language),
    names: report.examples.map((e) => e.name).join(', ') + more,
  });
}
