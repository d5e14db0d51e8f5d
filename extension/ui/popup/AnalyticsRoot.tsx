import type { MailingView } from '../../../shared/mailings';
import type { Language } from '../../i18n/texts';
import { AnalyticsPanel } from '../components/mailings/AnalyticsPanel';
import { useMailingStats } from '../hooks/mailings/useMailingStats';

/** A launched mailing's analytics and controls. */
export function AnalyticsRoot({ language, mailing, onMailing }: { language: Language; mailing: MailingView; onMailing(next: MailingView): void }) {
  const stats = useMailingStats(mailing, onMailing);
  return (
    <AnalyticsPanel
      language={language}
      status={mailing.status}
      statusReason={mailing.statusReason}
      stats={stats.stats}
      error={stats.error}
      busy={stats.busy}
      confirmingCancel={stats.confirmingCancel}
      onAction={(action) => void stats.act(action)}
      onAskCancel={stats.askCancel}
      onKeep={stats.keep}
      onExport={() => void stats.exportCsv()}
    />
  );
}
