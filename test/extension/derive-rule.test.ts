import { afterAll, describe, expect, it } from 'vitest';
import { deriveRule, readNow, readsBack, type TaughtKind } from '../../extension/crm/derive-rule';
import { looksGenerated } from '../../extension/crm/stable-selectors';
import { closePages, fixtureHtml, loadPage } from './load-page';

/**
 * «Настроить чтение страницы»: a rule derived from the element a user points at on one card must read
 * the same field on another card of the same CRM, where the data, the generated ids and classes and the
 * number of rows before the field all differ (test/fixtures/unknown-crm-card-*.html, the product's own pages).
 */
afterAll(closePages);

const card1 = loadPage(fixtureHtml('unknown-crm-card-1.html'), 'http://127.0.0.1:8123/clients/1001').document;
const card2 = loadPage(fixtureHtml('unknown-crm-card-2.html'), 'http://127.0.0.1:8123/clients/1002').document;

/** The element whose text (squashed) is `text`, the innermost one. */
function byText(doc: Document, text: string): Element {
  const all = [...doc.body.querySelectorAll('*')].filter((el) => el.textContent?.replace(/\s+/g, ' ').trim() === text);
  const found = all.at(-1);
  if (!found) throw new Error(`no element shows "${text}"`);
  return found;
}

function derive(doc: Document, picked: Element, kind: TaughtKind) {
  const derived = deriveRule(picked, kind);
  if (!derived.ok) throw new Error(`no rule for <${picked.localName}>: ${derived.reason}`);
  return derived;
}

/** No generated id, hashed class, framework attribute or position in a rule. */
const GENERATED = /ember|field-\d|_76zpqgf|_q41nd7x|css-|_ngcontent|nth-|:first|:last|#/;

describe('rules taught on one card read the same field on another card of the same structure', () => {
  it('the name (a table row «ФИО») by its row caption, not by the hashed class or the row number', () => {
    const taught = derive(card1, byText(card1, 'Анна Смирнова'), 'text');
    expect(taught.value).toBe('Анна Смирнова');
    expect(taught.rule).toEqual({ field: 'tr', label: 'th', texts: ['ФИО'], value: 'td', read: 'text', layout: 'taught on the page' });
    expect(readNow(card2, taught.rule)).toBe('Пётр Кузнецов');
  });

  it('a phone shown as plain text, by its label «Мобильный телефон» (card 2 has a work phone before it)', () => {
    const taught = derive(card1, byText(card1, '+7 912 000-11-22'), 'phone');
    expect(taught.rule).toMatchObject({ field: 'div.field', label: 'span.field-label', texts: ['Мобильный телефон'], value: 'span.field-value', read: 'text' });
    expect(readNow(card2, taught.rule)).toBe('+7 903 555-44-33');
  });

  it('«Не использовать SMS»: a click on its caption means its box, read checked (true here, false on card 2)', () => {
    const taught = derive(card1, byText(card1, 'Не использовать SMS'), 'flag');
    expect(taught.value).toBe('true');
    expect(taught.rule).toMatchObject({ texts: ['Не использовать SMS'], value: 'input[type="checkbox"]', read: 'checked' });
    expect(readNow(card2, taught.rule)).toBe('false');
  });

  it('an extra field «Город доставки» in a description list (card 2 has «Индекс» before it)', () => {
    const taught = derive(card1, byText(card1, 'Казань'), 'text');
    expect(taught.rule).toMatchObject({ field: 'div.kv-row', label: 'dt', texts: ['Город доставки'], value: 'dd' });
    expect(readNow(card2, taught.rule)).toBe('Новосибирск');
  });

  it('none of them names a generated id, a hashed class, a framework attribute or a position', () => {
    const rules = ['Анна Смирнова', '+7 912 000-11-22', 'Не использовать SMS', 'Казань', 'anna@example.com'].map(
      (text) => derive(card1, byText(card1, text), text.startsWith('Не') ? 'flag' : 'text').rule,
    );
    for (const rule of rules) expect(JSON.stringify(rule)).not.toMatch(GENERATED);
  });
});

describe('where there is no label: stable attributes, a stable ancestor, or no rule at all', () => {
  const page = loadPage(
    `<main id="ember12">
       <div class="_a8sd7fk" id="ember55"><span class="css-1x2y3z">Карточка</span></div>
       <div data-qa="client-name" class="_x7kq2pd" id="ember56">Ольга Ветрова</div>
       <section data-block="billing"><span class="amount">1 200 ₽</span></section>
       <section data-block="shipping"><span class="amount">300 ₽</span></section>
       <p><span id="ember80" class="kDbpQv">только сгенерированное</span></p>
       <div class="call"><a href="tel:+79161234567" id="ember90"><span class="_k3d9s2q">+7 916 123-45-67</span></a></div>
       <input aria-label="Телефон" value="+7 901 000-00-01" id="mat-input-3">
       <input aria-label="Позвонить +7 902 000-00-02" name="phone2" value="+7 902 000-00-02" class="ng-touched ng-valid">
       <div class="form-row"><label for="ember77">Город</label><input id="ember77" value="Казань" class="is-dirty"></div>
       <div><span>Регион:</span><span>Татарстан</span></div>
       <div class="person"><span class="first">Анна</span><span class="last">Смирнова</span></div>
     </main>`,
    'https://crm.example.net/client/1',
  ).document;
  const $ = (css: string) => page.querySelector(css)!;

  it('a stable data attribute (not the generated id or hashed class)', () => {
    expect(derive(page, $('[data-qa]'), 'text').rule).toEqual({ css: 'div[data-qa="client-name"]', read: 'text', layout: 'taught on the page' });
  });

  it('a class that is not unique, inside the stable ancestor that makes it so', () => {
    const taught = derive(page, $('[data-block="shipping"] .amount'), 'text');
    expect(taught.rule).toEqual({ css: 'section[data-block="shipping"] span.amount', read: 'text', layout: 'taught on the page' });
    expect(taught.value).toBe('300 ₽');
  });

  it('only generated names and no label: no rule rather than a brittle one', () => {
    expect(deriveRule($('#ember80'), 'text')).toEqual({ ok: false, reason: 'no_stable_rule' });
  });

  it('a click on a number inside a tel: link means the link, read as tel', () => {
    const taught = derive(page, $('#ember90 span'), 'phone');
    expect(taught.rule).toMatchObject({ read: 'tel' });
    expect(JSON.stringify(taught.rule)).toContain('a[href^=\\"tel:\\" i]');
    expect(taught.value).toBe('+79161234567');
  });

  it('an input named by aria-label; an aria-label carrying the value itself is not used', () => {
    expect(derive(page, $('#mat-input-3'), 'phone').rule).toEqual({ css: 'input[aria-label="Телефон"]', read: 'value', layout: 'taught on the page' });
    const second = derive(page, $('[name="phone2"]'), 'phone').rule;
    expect(JSON.stringify(second)).not.toMatch(/Позвонить|ng-/);
  });

  it('an input with label[for] pointing at a generated id: by the label text, not the id', () => {
    expect(derive(page, $('#ember77'), 'text').rule).toEqual({
      field: 'div.form-row',
      label: 'label',
      texts: ['Город'],
      value: 'input',
      read: 'value',
      layout: 'taught on the page',
    });
  });

  it('a caption with a colon just before the value, with no class at all: the element next to it', () => {
    const taught = derive(page, byText(page, 'Татарстан'), 'text');
    expect(taught.rule).toEqual({ field: 'div', label: 'span', texts: ['Регион'], value: 'span + span', read: 'text', layout: 'taught on the page' });
  });

  it('a neighbour that is data, not a caption («Анна» before «Смирнова»), is not taken for a label', () => {
    expect(derive(page, byText(page, 'Смирнова'), 'text').rule).toEqual({ css: 'span.last', read: 'text', layout: 'taught on the page' });
  });

  it('nothing to read, or no box near a flag: said so', () => {
    const empty = loadPage('<div class="x"><span class="value"></span><span class="other">a</span></div>', 'https://e.example/').document;
    expect(deriveRule(empty.querySelector('.value')!, 'text')).toEqual({ ok: false, reason: 'empty' });
    expect(deriveRule($('[data-qa]'), 'flag')).toEqual({ ok: false, reason: 'no_checkbox' });
  });

  it('readsBack: false for a rule whose first match is another element', () => {
    expect(readsBack(page, { css: 'span.amount', read: 'text', layout: 'x' }, $('[data-block="shipping"] .amount'))).toBe(false);
    expect(readsBack(page, { css: 'span.amount', read: 'text', layout: 'x' }, $('[data-block="billing"] .amount'))).toBe(false);
    expect(readsBack(page, { css: '[data-block="billing"] .amount', read: 'text', layout: 'x' }, $('[data-block="billing"] .amount'))).toBe(true);
  });
});

describe('looksGenerated', () => {
  it.each([
    'ember412',
    '_76zpqgf',
    'css-1x2y3z',
    'ng-star-inserted',
    'mat-input-3',
    'kDbpQv',
    'PhoneInput_76zpqgf',
    'field-1839',
    ':r1:',
    'sc-bdVaJa',
    'data-v-7ba5bd90',
  ])('%s is generated', (token) => expect(looksGenerated(token)).toBe(true));
  it.each(['field-value', 'client-card', 'fullName', 'MuiInputBase-input', 'ContactPageV2AccountNameTextEdit-el', 'crt-input', 'kv-row'])('%s is stable', (token) =>
    expect(looksGenerated(token)).toBe(false),
  );
});
