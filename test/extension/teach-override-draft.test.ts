import { describe, expect, it } from 'vitest';
import { siteOverrideSchema, type OverrideRule, type SiteOverride } from '../../shared/adapter-overrides';
import { draftOverride } from '../../extension/content/teach/override-draft';

/** What «Настроить чтение страницы» saves: the taught rules added to the site's override, never a whole new one over it. */

const taught = (css: string): OverrideRule => ({ css, read: 'text', layout: 'taught on the page' });
const SITE = 'http://127.0.0.1:8123';

const existing: SiteOverride = siteOverrideSchema.parse({
  site: SITE,
  adapter: 'generic',
  fields: { name: [taught('h2.old-name')], email: [taught('a.mail')] },
  phones: [{ rule: taught('span.work-phone'), type: 'work' }],
  doNotUseSms: [],
  extraFields: [
    { label: 'Город доставки', rules: [taught('dd.old-city')] },
    { label: 'Индекс', rules: [taught('dd.zip')] },
  ],
  note: 'Лайт CRM, правила от администратора',
});

describe('draftOverride', () => {
  it('on a site with no override: exactly the taught rules, valid as the relay checks them', () => {
    const draft = draftOverride(
      SITE,
      'generic',
      {
        name: taught('td.name'),
        phone: { rule: taught('span.mobile'), type: 'mobile' },
        doNotUseSms: { css: 'input[name="no-sms"]', read: 'checked', layout: 'taught on the page' },
        extra: { label: ' Город доставки ', rule: taught('dd.city') },
      },
      null,
    );
    expect(siteOverrideSchema.parse(draft)).toEqual({
      site: SITE,
      adapter: 'generic',
      fields: { name: [taught('td.name')] },
      phones: [{ rule: taught('span.mobile'), type: 'mobile' }],
      doNotUseSms: [{ css: 'input[name="no-sms"]', read: 'checked', layout: 'taught on the page' }],
      extraFields: [{ label: 'Город доставки', rules: [taught('dd.city')] }],
    });
  });

  it("extends the site's override: the taught rule first, the earlier ones after it, every other field kept", () => {
    const draft = draftOverride(
      SITE,
      'generic',
      { name: taught('td.name'), phone: { rule: taught('span.mobile'), type: 'mobile' }, extra: { label: 'город доставки', rule: taught('dd.city') } },
      existing,
    );
    expect(draft.fields).toEqual({ name: [taught('td.name'), taught('h2.old-name')], email: [taught('a.mail')] });
    expect(draft.phones).toEqual([
      { rule: taught('span.mobile'), type: 'mobile' },
      { rule: taught('span.work-phone'), type: 'work' },
    ]);
    expect(draft.extraFields).toEqual([
      { label: 'город доставки', rules: [taught('dd.city'), taught('dd.old-city')] },
      { label: 'Индекс', rules: [taught('dd.zip')] },
    ]);
    expect(draft.note).toBe(existing.note);
  });

  it('teaching a rule the site already has does not list it twice; at most ten rules a field', () => {
    expect(draftOverride(SITE, 'generic', { name: taught('h2.old-name') }, existing).fields?.name).toEqual([taught('h2.old-name')]);
    const many = siteOverrideSchema.parse({ ...existing, fields: { name: Array.from({ length: 10 }, (_, i) => taught(`h2.n${'x'.repeat(i)}`)) } });
    expect(draftOverride(SITE, 'generic', { name: taught('td.name') }, many).fields?.name).toHaveLength(10);
  });

  it('an override for another adapter of the site is not mixed in', () => {
    const draft = draftOverride(SITE, 'demo', { name: taught('td.name') }, existing);
    expect(draft).toEqual({ site: SITE, adapter: 'demo', fields: { name: [taught('td.name')] }, phones: [], doNotUseSms: [], extraFields: [] });
  });
});
