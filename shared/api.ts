import { z } from 'zod';
import type { ProviderErrorCode } from './provider-errors';
import type { ProviderInfo } from './providers';
import type { SmsEncoding } from './segments';
import type { MessageStatus } from './status';
import { PHONE_TYPES, type PhoneType } from './phone-types';

/** Request bodies: the relay validates with these, the extension builds them. */

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const nonEmpty = (max: number) => text(max).min(1, 'must not be empty');

/** "is required" when absent, else `what`. */
const requiredAs = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what) });

export const smsTextSchema = z
  .string(requiredAs('must be a string'))
  .max(5_000, 'must be at most 5000 characters')
  .refine((value) => value.trim().length > 0, 'must not be empty');

export const phoneInputSchema = z
  .string(requiredAs('must be a phone number as a string'))
  .max(40, 'must be at most 40 characters')
  .refine((value) => value.trim().length > 0, 'must not be empty');

/** A CRM record's identity: CRM origin + adapter + record id, e.g. "creatio:https://crm.example.com:7f3b…". */
export const crmIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(300, 'must be at most 300 characters')
  .regex(/^[^\s/?#]+$/, 'must not contain spaces, "/", "?" or "#"')
  .regex(/^[^\u0000-\u001f\u007f-\u009f]+$/, 'must not contain control characters');

export const sendMessageSchema = z.strictObject({
  to: phoneInputSchema,
  text: smsTextSchema,
  contact: z.strictObject({ crmId: crmIdSchema, name: text(300).optional() }).optional(),
  /** The number is on the stop list and the person confirmed a second time that it should get this one message. */
  confirmOptedOut: z.boolean({ error: 'must be true or false' }).optional(),
});
export type SendMessageRequest = z.input<typeof sendMessageSchema>;

export const costRequestSchema = z.strictObject({ to: phoneInputSchema, text: smsTextSchema });
export type CostRequest = z.input<typeof costRequestSchema>;

export { PHONE_TYPES, type PhoneType } from './phone-types';

export const contactSnapshotSchema = z.strictObject({
  /** Empty (or absent) when the page did not show it: a contact without a name is still a contact, its crmId identifies it. */
  name: text(300).default(''),
  firstName: text(200).optional(),
  lastName: text(200).optional(),
  middleName: text(200).optional(),
  phones: z
    .array(z.strictObject({ number: nonEmpty(40), type: z.enum(PHONE_TYPES).default('other'), label: text(100).optional() }))
    .max(20, 'must list at most 20 phones')
    .default([]),
  email: text(300).optional(),
  /** true / false when the CRM says so; null when the page does not tell. */
  doNotUseSms: z.boolean().nullable().default(null),
  account: text(300).nullable().optional(),
  owner: text(300).nullable().optional(),
  city: text(200).nullable().optional(),
  /** Where the snapshot was read: the CRM adapter, the page origin and URL. */
  source: z.strictObject({ adapter: nonEmpty(50), origin: nonEmpty(300), url: text(2000).optional() }).optional(),
  /** Any further fields the adapter read, by name. */
  fields: z
    .record(z.string().max(100), z.string().max(1000))
    .refine((fields) => Object.keys(fields).length <= 50, 'must have at most 50 entries')
    .default({}),
});
export type ContactSnapshot = z.input<typeof contactSnapshotSchema>;

/** Responses. */

export interface ErrorBody {
  error: {
    code: string;
    /** English, naming the field and what is wrong. */
    message: string;
    /** Russian, where the product has words for it (provider errors, phone errors). */
    messageRu?: string;
    field?: string;
    providerCode?: string;
  };
}

export interface ContactPhone {
  number: string;
  type: PhoneType;
  label?: string;
  /** E.164 digits when the number is valid, else null with the reason. */
  digits: string | null;
  invalidReason: string | null;
  /** The number's country (ISO 3166 alpha-2) when valid. */
  country?: string | null;
}

export interface ContactView {
  crmId: string;
  name: string;
  firstName?: string;
  lastName?: string;
  middleName?: string;
  phones: ContactPhone[];
  email?: string;
  doNotUseSms: boolean | null;
  account?: string | null;
  owner?: string | null;
  city?: string | null;
  source?: { adapter: string; origin: string; url?: string };
  fields: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface MessageView {
  id: string;
  contact: { crmId: string; name: string | null } | null;
  phone: string;
  text: string;
  parts: number;
  encoding: SmsEncoding;
  provider: ProviderInfo['id'];
  providerMessageId: string | null;
  status: MessageStatus;
  cost: number | null;
  currency: string | null;
  error: { code: ProviderErrorCode | 'lost_in_crash' | 'not_delivered'; message: string; messageRu: string } | null;
  /** The mailing the message belongs to; null for a message sent from a contact card. */
  mailing: { id: string; name: string } | null;
  sentBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface CostView {
  cost: number;
  currency: string;
  parts: number;
  localParts: number;
  encoding: SmsEncoding;
}

export interface BalanceView {
  balance: number;
  currency: string;
}

export interface CheckView {
  relay: 'ok';
  token: 'ok';
  user: { name: string; role: string };
  provider: { id: string; credentials: 'ok' | 'not_checked' };
}
