import { SKIP_REASONS, SKIP_REASON_LABELS, skippedTotal, type SkipReason } from '../../../../shared/mailings';
import { translateMailing, type Language } from '../../../i18n/texts';

interface Props {
  language: Language;
  skipped: Record<SkipReason, number>;
}

/** How many of the audience a launch skips, by reason («Не использовать SMS», no phone, …). */
export function SkippedCounts({ language: lang, skipped }: Props) {
  if (skippedTotal(skipped) === 0)
    return (
      <p class="hint" data-crm-sms="skipped-none">
        {translateMailing(lang, 'noneSkipped')}
      </p>
    );
  return (
    <dl class="figures" data-crm-sms="skipped">
      {SKIP_REASONS.filter((r) => (skipped[r] ?? 0) > 0).map((reason) => (
        <div key={reason} data-crm-sms="skipped-reason" data-reason={reason}>
          <dt>{SKIP_REASON_LABELS[reason][lang]}</dt>
          <dd>{skipped[reason]}</dd>
        </div>
      ))}
    </dl>
  );
}
