export const PROVIDER_IDS = ['sandbox', 'smsru', 'smsc', 'smsaero', 'twilio'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

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
