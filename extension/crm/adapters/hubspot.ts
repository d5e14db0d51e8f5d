import type { CrmAdapter, Rule } from '../types';

/*
 * From public markup that extensions, userscripts and tests target on HubSpot contact records (sources are
 * named in test/fixtures/hubspot-contact*.html):
 * - the URL /contacts/<portal>/record/0-1/<id> (older: /contacts/<portal>/contact/<id>);
 * - the current record page (toggl/track-extension since 2026-01, kmilstoneturner/Portal-Peeker): a left sidebar
 *   `[data-test-id="left-sidebar"]` holding the highlight card `[data-card-type="OBJECT_HIGHLIGHT"]` (the title
 *   `[data-selenium-test="highlightTitle"]`, also `[data-test-id="highlight-record-label"]`) and properties cards
 *   `[data-card-type="PROPERTIES_V3"]` (HubSpot's "PROPERTIES_V3/0-1/V2" or a portal's custom card with a bare
 *   numeric `data-card-id`); each property shows its value as the text of `[data-selenium-test="property-input-<name>"]`
 *   ("--" when empty), the owner as bare text ("No owner" when none);
 * - the earlier record page (clockify, RingCentral, public userscripts): the header
 *   `[data-selenium-test="contact-highlight-details"]` with `[data-unit-test="highlightSubtitle"]`, the properties
 *   in `ul[data-selenium-test="profile-properties-list"]` / `form[data-selenium-test="profile-properties"]` as
 *   textareas / read-only inputs holding the value, the owner in `span.private-dropdown__item__label`;
 * - the associated company: `[data-selenium-test="card-id-ASSOCIATION_TABLE/0-2"]`'s first cell, or the older
 *   `[data-selenium-test="company-chicklet-title-link"]`;
 * - markers: app assets on static.hsappstatic.net, `#hs-nav-v4`; the page global `hubspot.portal.id`, without which
 *   HubSpot's own HTTP client (hub-http) logs the user out.
 * No public evidence: the current user's name in the page (none is read), where the record page puts a nested
 * phone button inside a phone row (the fallback's phone-shaped text covers it).
 *
 * HubSpot's "Phone number" property says nothing about the kind of line: it is "other", the mobile one "mobile".
 * HubSpot keeps SMS consent in subscription types, not on the record page: "do not SMS" stays unknown.
 */
const layout = 'HubSpot contact record';
const SIDEBAR = '[data-test-id="left-sidebar"]';
const HIGHLIGHT = '[data-card-type="OBJECT_HIGHLIGHT"]';
const EARLIER_HIGHLIGHT = '[data-selenium-test="contact-highlight-details"]';
const TITLE = '[data-selenium-test="highlightTitle"]';
const input = (name: string) => `[data-selenium-test="property-input-${name}"]`;

/**
 * A contact property: shown as text in the current sidebar's properties cards (the contact's own and custom ones,
 * never another record's: those are outside the sidebar), else held by an input in the earlier properties list.
 */
const property = (name: string): Rule[] => [
  { css: `${SIDEBAR} [data-card-type="PROPERTIES_V3"] ${input(name)}`, read: 'text', layout: `${layout}, properties card` },
  { css: `[data-selenium-test^="profile-properties"] ${input(name)}`, read: 'value', layout: `${layout}, earlier properties list` },
];

const fields: CrmAdapter['fields'] = {
  name: [
    { css: `${HIGHLIGHT} ${TITLE}`, read: 'text', layout: `${layout}, highlight card` },
    { css: `${EARLIER_HIGHLIGHT} ${TITLE}`, read: 'text', layout: `${layout}, earlier header` },
  ],
  firstName: property('firstname'),
  lastName: property('lastname'),
  account: [
    ...property('company'),
    { css: '[data-selenium-test="card-id-ASSOCIATION_TABLE/0-2"] td:first-child a', read: 'text', layout: `${layout}, associated companies` },
    { css: '[data-selenium-test="company-chicklet-title-link"]', read: 'text', layout: `${layout}, associated company` },
  ],
  owner: [
    {
      css: `${SIDEBAR} [data-card-type="PROPERTIES_V3"] span[data-test-id="hubspot_owner_id"] [aria-labelledby]`,
      read: 'text',
      layout: `${layout}, properties card`,
    },
    { css: `${input('hubspot_owner_id')} span.private-dropdown__item__label`, read: 'text', layout: `${layout}, earlier properties list` },
  ],
  email: [...property('email'), { css: `${HIGHLIGHT} [data-test-id="highlight-property-display-email"]`, read: 'text', layout: `${layout}, highlight card` }],
  city: property('city'),
};

export const hubspotAdapter: CrmAdapter = {
  id: 'hubspot',
  name: 'HubSpot',
  url: /^\/contacts\/\d+\/(?:contact|record\/0-1)\/(\d+)(?:[/#]|$)/,
  markers: {
    selectors: [
      'script[src*="hsappstatic" i], link[href*="hsappstatic" i]',
      '#hs-nav-v4',
      `${HIGHLIGHT}, [data-selenium-test$="-highlight-details"]`,
      'ul[data-selenium-test="profile-properties-list"]',
    ],
    min: 2,
  },
  globalMarkers: ['hubspot.portal.id'],
  ready: `${HIGHLIGHT}, ${EARLIER_HIGHLIGHT}, ${TITLE}`,
  card: [SIDEBAR, EARLIER_HIGHLIGHT],
  heading: ['[data-test-id="highlight-record-label"]', TITLE, '[data-selenium-test$="-highlight-details"] h3'],
  fields,
  // What HubSpot shows for a property with no value: the field takes the next rule's real value, or stays missing.
  emptyValues: ['--', 'No owner'],
  phones: [...property('mobilephone').map((rule) => ({ rule, type: 'mobile' as const })), ...property('phone').map((rule) => ({ rule, type: 'other' as const }))],
  button: {
    anchor: [`${HIGHLIGHT} ${TITLE}`, `${EARLIER_HIGHLIGHT} [data-unit-test="highlightSubtitle"]`, EARLIER_HIGHLIGHT, '[data-unit-test="highlightSubtitle"]'],
    append: 'after',
  },
};
