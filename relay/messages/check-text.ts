import { countSegments, type SegmentInfo } from '../../shared/segments';
import { rejected } from '../domain/errors';
import type { SmsProvider } from '../providers/types';

/** Counts the parts and refuses a text longer than the provider takes. */
export function checkTextFits(text: string, provider: SmsProvider): SegmentInfo {
  const segments = countSegments(text);
  if (segments.parts > provider.capabilities.maxParts) {
    throw rejected(
      'text_too_long',
      `Field "text": ${segments.parts} SMS parts (${segments.characters} characters, ${segments.encoding}); ${provider.name} takes at most ${provider.capabilities.maxParts}`,
      { field: 'text', messageRu: `Текст займёт ${segments.parts} СМС, а оператор принимает не больше ${provider.capabilities.maxParts}` },
    );
  }
  return segments;
}
