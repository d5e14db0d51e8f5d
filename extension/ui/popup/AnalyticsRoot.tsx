import type { MailingView } from '../../../shared/mailings';
import type { Language } from '../../i18n/texts';
import { AnalyticsPanel } from '../components/mailings/AnalyticsPanel';
import { useMailingStats } from '../hooks/mailings/useMailingStats';
import { useProviderName } from '../hooks/mailings/useProviderName';
import { useUnknownRecipients } from '../hooks/mailings/useUnknownRecipients';
import { useNoReplies } from '../hooks/useNoReplies';

/** A launched mailing's analytics and controls. */
export function AnalyticsRoot({ language, mailing, onMailing }: { language: Language; mailing: MailingView; onMailing(next: MailingView): void }) {
  const stats = useMailingStats(mailing, onMailing);
  const unknowns = useUnknownRecipients(mailing.id, stats.stats, { retry: (event) => stats.act('retry', event), reload: stats.reload });
  const blindToUnknowns = stats.stats !== null && stats.stats.counters.unknown > 0 && !stats.stats.unknownLookup;
  const providerName = useProviderName(mailing.provider, blindToUnknowns);
  const noReplies = useNoReplies();
  return (
    <AnalyticsPanel
      language={language}
      status={mailing.status}
      statusReason={mailing.statusReason}
      stats={stats.stats}
      error={stats.error}
      busy={stats.busy}
      confirmingCancel={stats.confirmingCancel}
      unknowns={{ providerName, resolution: unknowns.resolution, resolving: unknowns.resolving, confirmingRetry: unknowns.confirmingRetry, error: unknowns.error }}
      noReplies={noReplies}
      onAction={(action, event) => void stats.act(action, event)}
      onRetry={(event) => void unknowns.retry(event)}
      onResolve={() => void unknowns.resolve()}
      onConfirmRetry={(event) => void unknowns.confirmRetry(event)}
      onKeepRetry={unknowns.keep}
      onAskCancel={stats.askCancel}
      onKeep={stats.keep}
      onExport={() => void stats.exportCsv(language)}
    />
  );
}
