import type { SegmentInfo } from '../../../shared/segments';
import { formatNumber } from '../../i18n/format';
import { translate, type Language } from '../../i18n/texts';

interface Props {
  info: SegmentInfo;
  language: Language;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;

/** Cyrillic letters are named once as a group; any other character that forced UCS-2 is shown itself. */
function forcingChips(chars: string[], language: Language): string[] {
  const others = chars.filter((c) => !CYRILLIC.test(c));
  const chips = others.length < chars.length ? [language === 'ru' ? 'кириллица' : 'Cyrillic'] : [];
  return [...chips, ...others.slice(0, 12).map((c) => (c === ' ' ? '␠' : c))];
}

/** Characters, encoding, parts and room left; the characters that forced UCS-2, highlighted. */
export function SegmentCounter({ info, language }: Props) {
  return (
    <div class="crm-sms-counter" data-crm-sms="counter">
      <span data-parts={info.parts} data-encoding={info.encoding}>
        {translate(language, 'counter', {
          characters: formatNumber(info.characters, language),
          encoding: info.encoding,
          parts: formatNumber(info.parts, language),
          remaining: formatNumber(info.remaining, language),
        })}
      </span>
      {info.forcingUcs2.length > 0 && (
        <div class="crm-sms-ucs2" data-crm-sms="ucs2">
          {translate(language, 'forcedUcs2', { chars: '' })}
          {forcingChips(info.forcingUcs2, language).map((chip) => (
            <mark key={chip}>{chip}</mark>
          ))}
        </div>
      )}
    </div>
  );
}
