import type { CrmAdapter, LabelRule, PhoneRule, Rule } from '../types';

/*
 * From crm-dom.md and public Pipedrive click-to-call configs: the URL; Pipedrive keeps earlier views in the
 * page as hidden `.viewContainer`s (style "display: none"), so everything is read in the visible one; the
 * header `.detailView.personDetails .infoBlock .spacer` (the button goes before it); each number is the
 * text of `[data-test="phone-number-button"]` (older UI: `[data-test="phone-label"]`) in `.fieldsList`, and
 * its kind ("Work", "(Mobile)") is the next sibling of the number's parent; `[data-test="activity-note"]`
 * notes hold other numbers.
 * Inferred: the name `h1`, the organization link, `[data-test="owner-name"]`, the e-mail link, the markers'
 * *pipedrive* asset URLs.
 * Pipedrive has no "do not SMS" on a person: it stays unknown.
 */
const layout = 'Pipedrive person page';
const VISIBLE = '.viewContainer:not([style*="none"])';
const NUMBER = '[data-test="phone-number-button"], [data-test="phone-label"]';
const header = (inner: string, read: Rule['read'] = 'text'): Rule => ({ css: `${VISIBLE} .personDetails .infoBlock ${inner}`, read, layout: `${layout}, header` });
/** "Work" or "(Work)": Pipedrive's lists bracket the label; accept both. */
const labels = (...names: string[]) => names.flatMap((name) => [name, `(${name})`]);
const typedPhone = (names: string[], type: PhoneRule['type']): PhoneRule => {
  const rule: LabelRule = {
    // The element holding both the number's parent and, after it, the label.
    field: `${VISIBLE} .fieldsList :has(> * > :is(${NUMBER}))`,
    label: `:scope > :has(> :is(${NUMBER})) + *`,
    texts: labels(...names),
    value: `:scope > * > :is(${NUMBER})`,
    read: 'text',
    layout,
  };
  return { rule, type };
};

export const pipedriveAdapter: CrmAdapter = {
  id: 'pipedrive',
  name: 'Pipedrive',
  url: /^\/person\/(\d+)(?:[/#]|$)/,
  markers: {
    selectors: ['script[src*="pipedrive" i], link[href*="pipedrive" i]', '.viewContainer', '.detailView.personDetails'],
    min: 2,
  },
  ready: `${VISIBLE} .detailView.personDetails .infoBlock`,
  fields: {
    name: [header('h1')],
    account: [header('a[href*="/organization/"]')],
    owner: [header('[data-test="owner-name"]')],
    email: [{ css: `${VISIBLE} .fieldsList a[href^="mailto:"]`, read: 'text', layout }],
  },
  phones: [
    typedPhone(['Mobile', 'Мобильный'], 'mobile'),
    typedPhone(['Work', 'Рабочий'], 'work'),
    typedPhone(['Home', 'Домашний'], 'home'),
    { rule: { css: `${VISIBLE} .fieldsList :is(${NUMBER})`, read: 'text', layout }, type: 'other' },
  ],
  button: { anchor: [`${VISIBLE} .detailView.personDetails .infoBlock .spacer`], append: 'before' },
};
