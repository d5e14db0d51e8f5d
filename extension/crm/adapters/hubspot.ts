import type { CrmAdapter, Rule } from '../types';

/*
 * From crm-dom.md and public HubSpot extensions / tests: the URLs; the header
 * `[data-selenium-test="contact-highlight-details"]` with the name in `[data-selenium-test="highlightTitle"]`
 * and `[data-unit-test="highlightSubtitle"]`; the sidebar properties card `[data-properties-card-id]`
 * ("{cardType}/{objectTypeId}/{variant}", 0-1 = contacts) with `ul[data-selenium-test="profile-properties-list"]`
 * and each property's input `[data-selenium-test="property-input-<name>"]` (a textarea holding the value;
 * the owner's name in `span.private-dropdown__item__label`); a record preview panel
 * `[data-crm-location="CRM_OBJECT_PREVIEW"]` with the same property inputs for another record.
 * Inferred: HubSpot's app assets on *hsappstatic* hosts, `#hs-nav-v4`.
 *
 * HubSpot's "Phone number" property says nothing about the kind of line: it is "other", the mobile one "mobile".
 * HubSpot keeps SMS consent in subscription types, not on the record page: "do not SMS" stays unknown.
 */
const layout = 'HubSpot contact record';
/** Only the contact's own properties card: the preview panel holds another record's inputs with the same names. */
const property = (name: string, read: Rule['read'] = 'value', inner = ''): Rule => ({
  css: `[data-properties-card-id*="/0-1/"] [data-selenium-test="property-input-${name}"]${inner}`,
  read,
  layout: `${layout}, "About this contact" properties`,
});
const HIGHLIGHT = '[data-selenium-test="contact-highlight-details"]';

export const hubspotAdapter: CrmAdapter = {
  id: 'hubspot',
  name: 'HubSpot',
  url: /^\/contacts\/\d+\/(?:contact|record\/0-1)\/(\d+)(?:[/#]|$)/,
  markers: {
    selectors: [
      'script[src*="hsappstatic" i], link[href*="hsappstatic" i]',
      '#hs-nav-v4',
      '[data-selenium-test$="-highlight-details"]',
      'ul[data-selenium-test="profile-properties-list"]',
    ],
    min: 2,
  },
  ready: `${HIGHLIGHT}, [data-selenium-test="highlightTitle"]`,
  fields: {
    name: [{ css: `${HIGHLIGHT} [data-selenium-test="highlightTitle"]`, read: 'text', layout: `${layout}, header` }],
    firstName: [property('firstname')],
    lastName: [property('lastname')],
    account: [property('company'), { css: '[data-selenium-test="company-chicklet-title-link"]', read: 'text', layout: `${layout}, associated company` }],
    owner: [property('hubspot_owner_id', 'text', ' span.private-dropdown__item__label')],
    email: [property('email')],
    city: [property('city')],
  },
  phones: [
    { rule: property('mobilephone'), type: 'mobile' },
    { rule: property('phone'), type: 'other' },
  ],
  button: {
    anchor: [`${HIGHLIGHT} [data-unit-test="highlightSubtitle"]`, HIGHLIGHT, '[data-unit-test="highlightSubtitle"]'],
    append: 'after',
  },
};
