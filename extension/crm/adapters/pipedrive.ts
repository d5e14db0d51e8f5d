import type { CrmAdapter, LabelRule, PhoneRule } from '../types';

/*
 * From public markup that click-to-call extensions and scripts target on Pipedrive (sources are named in
 * test/fixtures/pipedrive-*.html):
 * - the person page (ringcentral/pipedrive-embeddable-ringcentral-phone-spa, 2018-2022): earlier views stay in
 *   the page as hidden `.viewContainer`s (style "display: none"), so everything is read in the visible one; the
 *   header `.detailView.personDetails .infoBlock` (the button goes before it; before its `.spacer` until 2021);
 *   each number is the text of `[data-test="phone-number-button"]` (until 2021 `[data-test="phone-label"]`) in
 *   `.fieldsList`, and its kind ("Work", "Mobile") is the next sibling of the number's parent, or of the number;
 *   `[data-test="activity-note"]` notes hold other numbers;
 * - the current detail views (public scripts on deal and product pages): rows `[data-testid="fields-list-row"]`
 *   whose `[data-testid="field-name"]` is the label and `[data-testid="fields-list-row-field-components"]` the value
 *   ("-" when empty), numbers still `[data-test="phone-number-button"]`, the title `[data-testid="header-title"]`,
 *   Convention UI classes `cui5-*`.
 * No public evidence: where the person page shows the name (read only through the heading fallback), the
 * organization and e-mail (read from an /organization/ link and a mailto: link, the URL shapes Pipedrive uses),
 * the owner on the earlier page (not read), a page-script global (none is used); that the current person page uses
 * the detail-view rows above (seen on deal and product pages) is inferred.
 * Pipedrive has no "do not SMS" on a person: it stays unknown.
 */
const layout = 'Pipedrive person page';
const rowsLayout = 'Pipedrive detail view, fields list';
const VISIBLE = '.viewContainer:not([style*="none"])';
const PERSON = `${VISIBLE} .detailView.personDetails`;
const NUMBER = '[data-test="phone-number-button"], [data-test="phone-label"]';
const ROW = '[data-testid="fields-list-row"]';

/** "Work" or "(Work)": Pipedrive's lists bracket the label; accept both. */
const labels = (...names: string[]) => names.flatMap((name) => [name, `(${name})`]);
/** A number typed by the label Pipedrive puts after it: after the number's parent, or after the number itself. */
const typedPhones = (names: string[], type: PhoneRule['type']): PhoneRule[] => {
  const texts = labels(...names);
  const afterParent: LabelRule = {
    field: `${PERSON} .fieldsList :has(> * > :is(${NUMBER}))`,
    label: `:scope > :has(> :is(${NUMBER})) + *`,
    texts,
    value: `:scope > * > :is(${NUMBER})`,
    read: 'text',
    layout,
  };
  const afterNumber: LabelRule = {
    field: `${PERSON} .fieldsList :has(> :is(${NUMBER}) + *)`,
    label: `:scope > :is(${NUMBER}) + *`,
    texts,
    value: `:scope > :is(${NUMBER})`,
    read: 'text',
    layout,
  };
  return [afterParent, afterNumber].map((rule) => ({ rule, type }));
};
/** A row of the current detail view, found by its field name. */
const row = (...texts: string[]): LabelRule => ({
  field: ROW,
  label: '[data-testid="field-name"]',
  texts,
  value: '[data-testid="fields-list-row-field-components"]',
  read: 'text',
  layout: rowsLayout,
});

const fields: CrmAdapter['fields'] = {
  account: [{ css: `${PERSON} a[href*="/organization/"]`, read: 'text', layout }, row('Organization')],
  owner: [row('Owner')],
  email: [{ css: `${PERSON} .fieldsList a[href^="mailto:"]`, read: 'text', layout }, row('Email')],
};

export const pipedriveAdapter: CrmAdapter = {
  id: 'pipedrive',
  name: 'Pipedrive',
  url: /^\/person\/(\d+)(?:[/#]|$)/,
  markers: {
    selectors: ['script[src*="pipedrive" i], link[href*="pipedrive" i]', '.viewContainer', '.detailView.personDetails', ROW, '[class*="cui5-"]'],
    min: 2,
  },
  ready: `${PERSON} .infoBlock, [data-testid="header-title"], ${ROW}`,
  card: [PERSON],
  heading: [`${PERSON} .infoBlock h1`, '[data-testid="header-title"] h1', '[data-testid="header-title"]'],
  fields,
  // What the current detail view shows for a field with no value: the field takes the next rule's real value, or stays missing.
  emptyValues: ['-'],
  phones: [
    ...typedPhones(['Mobile', 'Мобильный'], 'mobile'),
    ...typedPhones(['Work', 'Рабочий'], 'work'),
    ...typedPhones(['Home', 'Домашний'], 'home'),
    { rule: { css: `${PERSON} .fieldsList :is(${NUMBER})`, read: 'text', layout }, type: 'other' },
    { rule: { css: `${ROW} [data-test="phone-number-button"]`, read: 'text', layout: rowsLayout }, type: 'other' },
  ],
  button: {
    anchor: [`${PERSON} .infoBlock .spacer`, `${PERSON} .infoBlock`, '[data-testid="header-title"]'],
    append: 'before',
  },
};
