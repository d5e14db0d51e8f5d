export const PROVIDER_IDS = ['sandbox', 'smsru', 'smsc', 'smsaero', 'twilio'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/**
 * The provider's own stop list: `sync` - a list the relay reads and changes (SMS.ru, SMS Aero), kept in step
 * with the relay's both ways; `errors-only` - no list to read, but a send to an opted-out number is refused
 * in words that say so (Twilio's 21610), and the relay lists the number then; `none` - nothing of the kind.
 */
export const STOP_LIST_SUPPORT = ['sync', 'errors-only', 'none'] as const;
export type StopListSupport = (typeof STOP_LIST_SUPPORT)[number];

/** What the UI says about a provider that has no stop list the relay can read (null: it has one, synced). */
export const STOP_LIST_NOTICES: Record<StopListSupport, { ru: string; en: string } | null> = {
  sync: null,
  'errors-only': {
    ru: 'Стоп-лист оператора недоступен для чтения: номер попадает в стоп-лист, когда оператор отказывается отправить на него СМС, потому что получатель отписался',
    en: "The operator's stop list cannot be read: a number comes onto the stop list when the operator refuses to send to it because the recipient opted out",
  },
  none: {
    ru: 'У текущего оператора нет своего стоп-листа: номера хранятся только в стоп-листе сервера CRM SMS',
    en: "The current operator keeps no stop list of its own: numbers are kept only on the relay's stop list",
  },
};

/** What a provider can do. The UI offers only these and shows NOT_SUPPORTED for the rest. */
export interface ProviderCapabilities {
  /** Price preview before sending. */
  cost: boolean;
  balance: boolean;
  /** Checking that the credentials are accepted. */
  check: boolean;
  /** Asking for the delivery status of sent messages. */
  statusPoll: boolean;
  /** Receiving delivery reports on a callback URL. */
  callbacks: boolean;
  /** Most recipients one send request may carry. */
  batchSize: number;
  /** Most SMS parts the provider accepts for one message. */
  maxParts: number;
  /**
   * Can say, after an ambiguous answer, whether it took a message (by a client-chosen id or by
   * listing what went to a number in a time window). SMS.ru cannot.
   */
  lookup: boolean;
  /** The provider's own stop list (see STOP_LIST_SUPPORT). */
  stopList: StopListSupport;
  /**
   * Passes on the replies people send to our messages (Twilio's inbound webhook, SMSC's incoming
   * messages, the sandbox's simulated ones). SMS.ru and SMS Aero deliver none.
   */
  replies: boolean;
}

export interface ProviderInfo {
  id: ProviderId;
  name: string;
  capabilities: ProviderCapabilities;
}
