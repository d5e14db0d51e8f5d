import type { CrmAdapter } from '../types';

const layout = 'demo CRM card';
const cell = (column: string) => ({ css: `[data-column="${column}"]`, read: 'text' as const });
const input = (field: string) => [{ css: `input[data-field="${field}"]`, read: 'value' as const, layout }];

/** The product's own demo CRM (served by the relay at /demo/), built in the style of Creatio. */
export const demoAdapter: CrmAdapter = {
  id: 'demo',
  name: 'Demo CRM',
  url: /\/demo\/?#\/contacts\/([\w-]+)$/,
  markers: { selectors: ['body[data-crm-demo]'], min: 1 },
  ready: '.demo-card[data-record-id]',
  card: ['.demo-card[data-record-id]'],
  heading: ['.demo-card > h1'],
  fields: {
    name: [{ css: '[data-field="name"]', read: 'text', layout }],
    firstName: input('firstName'),
    lastName: input('lastName'),
    account: input('account'),
    owner: input('owner'),
    city: input('city'),
    email: input('email'),
    currentUser: [{ css: '[data-current-user]', read: 'text', layout: 'demo CRM top bar' }],
  },
  phones: [
    { rule: { css: 'input[data-field="mobilePhone"]', read: 'value', layout }, type: 'mobile' },
    { rule: { css: 'input[data-field="workPhone"]', read: 'value', layout }, type: 'work' },
    { rule: { css: 'input[data-field="homePhone"]', read: 'value', layout }, type: 'home' },
  ],
  doNotUseSms: [{ css: 'input[data-field="doNotUseSms"]', read: 'checked', layout: 'demo CRM communication options' }],
  button: { anchor: ['[data-role="card-actions"]'], append: 'last' },
  panel: { anchor: ['[data-detail="sent-sms"]'], append: 'last' },
  list: {
    url: /\/demo\/?#\/contacts\/?$/,
    rows: 'table.demo-list tr[data-record-id]',
    recordId: [{ read: 'attr:data-record-id' }],
    cells: {
      name: [cell('name')],
      mobilePhone: [cell('mobilePhone')],
      workPhone: [cell('workPhone')],
      account: [cell('account')],
      city: [cell('city')],
      owner: [cell('owner')],
      email: [cell('email')],
    },
    layout: 'demo CRM contact list',
  },
};
