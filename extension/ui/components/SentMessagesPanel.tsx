import type { ConversationEntry } from '../../../shared/replies';
import { pickError, translate, type Language } from '../../i18n/texts';
import type { UiError } from '../../messaging/protocol';
import { ConversationRows } from './ConversationRows';

interface Props {
  language: Language;
  entries: ConversationEntry[];
  error: UiError | null;
  /** Folded: only the heading, nothing asked of the relay (and no reply marked read). */
  open: boolean;
  onToggle(): void;
  isNew(replyId: string): boolean;
  hasMore: boolean;
  onShowMore(): void;
  onRefresh(): void;
  /** The provider passes on no replies: the relay's words, both languages (null when it does). */
  noReplies: { ru: string; en: string } | null;
}

const COLUMNS = ['colDate', 'colPhone', 'colText', 'colParts', 'colStatus', 'colCost', 'colMailing'] as const;

/** «Переписка»: what was sent to the contact and what came back, newest first, with the mailing column. */
export function SentMessagesPanel(props: Props) {
  const { language, entries, error, open } = props;
  return (
    <section class="crm-sms-panel" data-crm-sms="sent-panel">
      <header class="crm-sms-panel-head">
        <h3>{translate(language, 'conversation')}</h3>
        <span>
          {open && (
            <button type="button" class="crm-sms-link" onClick={props.onRefresh}>
              {translate(language, 'refresh')}
            </button>
          )}
          <button type="button" class="crm-sms-link" data-crm-sms="conversation-toggle" aria-expanded={open} onClick={props.onToggle}>
            {translate(language, open ? 'conversationHide' : 'conversationShow')}
          </button>
        </span>
      </header>
      {open && props.noReplies && (
        <p class="crm-sms-hint" data-crm-sms="no-replies">
          {props.noReplies[language]}
        </p>
      )}
      {open && error && (
        <div class="crm-sms-error" data-crm-sms="sent-error">
          {pickError(language, error)}
        </div>
      )}
      {open &&
        (entries.length === 0 && !error ? (
          <p class="crm-sms-hint">{translate(language, 'noConversation')}</p>
        ) : (
          <table class="crm-sms-table">
            <thead>
              <tr>
                {COLUMNS.map((key) => (
                  <th key={key}>{translate(language, key)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              <ConversationRows entries={entries} language={language} isNew={props.isNew} />
            </tbody>
          </table>
        ))}
      {open && props.hasMore && (
        <button type="button" class="crm-sms-link" data-crm-sms="conversation-more" onClick={props.onShowMore}>
          {translate(language, 'showMore')}
        </button>
      )}
    </section>
  );
}
