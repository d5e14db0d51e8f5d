import { h } from 'preact';
import type { Language } from '../../../extension/i18n/texts';
import { AnalyticsPanel } from '../../../extension/ui/components/mailings/AnalyticsPanel';
import type { MailingStats } from '../../../shared/mailings';

/** The analytics panel as the popup draws it for `stats`: nothing busy, nothing being confirmed, every action a no-op. */
export const analyticsPanel = (stats: MailingStats, options: { language?: Language; status?: MailingStats['status']; noReplies?: { ru: string; en: string } } = {}) =>
  h(AnalyticsPanel, {
    language: options.language ?? 'ru',
    status: options.status ?? stats.status,
    statusReason: null,
    stats,
    error: null,
    busy: null,
    confirmingCancel: false,
    unknowns: { providerName: null, resolution: null, resolving: false, confirmingRetry: null, error: null },
    noReplies: options.noReplies ?? null,
    onAction: () => {},
    onRetry: () => {},
    onResolve: () => {},
    onConfirmRetry: () => {},
    onKeepRetry: () => {},
    onAskCancel: () => {},
    onKeep: () => {},
    onExport: () => {},
  });
