import type { PhoneType } from '../../shared/api';
import type { ReadLayer } from '../../shared/adapter-overrides';

/** How to get a value out of the element a selector found. */
export type Reader = 'text' | 'value' | 'checked' | 'tel' | `attr:${string}`;

/** Find an element by CSS and read it. `layout` names the page structure the rule was written for. */
export interface CssRule {
  css: string;
  read: Reader;
  layout: string;
}

/**
 * Find a field component by its visible label (Russian or English) and read a value inside it:
 * for pages whose ids and names differ between installations (Creatio Freedom UI).
 */
export interface LabelRule {
  /** The field component, e.g. `crt-input`. */
  field: string;
  /** The label element inside it. */
  label: string;
  texts: string[];
  /** The value element inside it. */
  value: string;
  read: Reader;
  layout: string;
}

export type Rule = CssRule | LabelRule;

export interface PhoneRule {
  rule: Rule;
  type: PhoneType;
}

export type TextField = 'name' | 'firstName' | 'lastName' | 'account' | 'owner' | 'currentUser' | 'email' | 'city';

export interface Placement {
  /** Tried in order; the first present element is the anchor. */
  anchor: string[];
  append: 'before' | 'after' | 'first' | 'last';
}

/** What adapter code hooks may use: slow or heavy work is done by the background. */
export interface AdapterServices {
  findPhonesInText(text: string): Promise<string[]>;
  /**
   * Values of page-script globals at these dotted paths (only strings and numbers, as text), read by
   * the extension's script in the page's main world. Data only: the page can answer anything here.
   */
  readPageGlobals?(paths: string[]): Promise<Record<string, string>>;
}

export interface ContactPhoneRead {
  number: string;
  type: PhoneType;
  source: string;
}

/** A contact as read off a CRM page, with the rule behind every field (null: no rule found it). */
export interface ContactRead {
  adapter: string;
  recordId: string;
  fields: Partial<Record<TextField, string>>;
  phones: ContactPhoneRead[];
  /** true / false when the page says; null when it does not (unknown, not "allowed"). */
  doNotUseSms: boolean | null;
  provenance: Record<TextField | 'phones' | 'doNotUseSms', string | null>;
  /** Which layer read each field that was read (site override, adapter rule, page global, fallback inside the card). */
  layers: Partial<Record<TextField | 'phones' | 'doNotUseSms', ReadLayer>>;
  /** Custom fields a site override adds (`extraFields`), by label. */
  extra: Record<string, string>;
}

/** What a list row can tell about a contact. */
export type ListField = Exclude<TextField, 'currentUser'> | 'mobilePhone' | 'workPhone' | 'homePhone';

/**
 * Where a list row keeps a field: a selector inside the row; a column found by its header caption
 * (grids whose cells carry no names); or the first of some cells whose text looks like a phone number.
 */
export type ListCell = { css: string; read: Reader } | { caption: string[] } | { phoneLike: string };

/** A CRM list page (a section's grid), described as data: the rows, each row's record id, its cells. */
export interface ListPage {
  /** Matched against `pathname + hash`. */
  url: RegExp;
  /** Every contact row. */
  rows: string;
  /** The record id: the first rule with a value; `pattern` group 1 (or the whole match) is the id. */
  recordId: { css?: string; read: Reader; pattern?: RegExp }[];
  /** For `caption` cells: the header captions, and the row's cells in the same order. */
  columns?: { captions: string; cells: string };
  cells: Partial<Record<ListField, ListCell[]>>;
  layout: string;
}

/**
 * A CRM, described as data: how to recognise its contact page, where each field is, where the SMS
 * button and the sent-SMS panel go; plus an optional hook for what data cannot say.
 */
export interface CrmAdapter {
  id: string;
  name: string;
  /** Matched against `pathname + hash`; group 1 is the record id. */
  url: RegExp;
  /** At least `min` of these must be present in the page. */
  markers?: { selectors: string[]; min: number };
  /** The element whose presence means the contact card has rendered. */
  ready: string;
  /**
   * The recognised card container(s), tried in order: fallback rules (labelled inputs in Russian and
   * English, tel:/sms: links, phone-shaped text, the heading) look only inside it. Defaults to `ready`'s
   * closest form/main/body when absent.
   */
  card?: string[];
  /** Where the card's title (the contact's name) is shown: page header, compact profile block; the name's fallback. */
  heading?: string[];
  /**
   * Containers beside the card (tried after it, in order) where the fallback may look for that one field only:
   * e.g. a linked-company block holds the account but also the company's phones, which are not the contact's.
   */
  fallbackScopes?: Partial<Record<TextField, string[]>>;
  /** What this CRM shows in a field with no value ("--", "No owner"): a rule that reads it has read nothing. */
  emptyValues?: string[];
  /** Page-script globals whose presence marks the CRM (e.g. Bitrix24's `BX`); any one counts as a marker. */
  globalMarkers?: string[];
  fields: Partial<Record<TextField, Rule[]>>;
  /** Fields only page scripts know (e.g. Creatio's current user): dotted paths of globals, tried in order when no rule found the field. */
  globals?: Partial<Record<TextField, string[]>>;
  phones: PhoneRule[];
  doNotUseSms?: Rule[];
  button: Placement;
  panel?: Placement;
  /** Only runs where the user enabled it for the site. */
  optIn?: boolean;
  /** Reads what the rules could not; may change `read` in place. */
  enrich?(doc: Document, read: ContactRead, services: AdapterServices): Promise<void>;
  /** Overrides the URL rule when the record id is not in the URL. */
  recordId?(url: URL, doc: Document): string | null;
  /** The CRM's contact list page, for «Добавить контакты с этой страницы». */
  list?: ListPage;
}
