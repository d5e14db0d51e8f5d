import { afterAll, describe, expect, it } from 'vitest';
import { describeRule, readElement, readFirst, ruleElements } from '../../extension/crm/read-rules';
import type { LabelRule } from '../../extension/crm/types';
import { closePages, loadPage } from './load-page';

afterAll(closePages);

/** A fragment in its own document; returns the document and its first element matching `select`. */
function dom(html: string, select = 'body > *') {
  const { document } = loadPage(`<!doctype html><body>${html}</body>`, 'https://example.org/');
  return { document, element: document.querySelector(select)! };
}

describe('readElement: tel: links', () => {
  it.each([
    ['tel:+7%20(912)%20345-67-89', '+7 (912) 345-67-89'],
    ['tel:+7 (912) 345-67-89', '+7 (912) 345-67-89'],
    ['tel:%2B7%20912%20345%2067%2089', '+7 912 345 67 89'],
    ['TEL:+79123456789', '+79123456789'],
    ['tel:+7-843-200-10-20;ext=123', '+7-843-200-10-20'],
    ['sms:+79123456789?body=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82', '+79123456789'],
    ['sms:+79123456789,+79160000000', '+79123456789'],
    ['callto://+79123456789', '+79123456789'],
  ])('%s → %s', (href, number) => {
    const { element } = dom(`<a href="${href}">позвонить</a>`);
    expect(readElement(element, 'tel')).toBe(number);
  });

  it('uses the link text when the href has no number', () => {
    expect(readElement(dom('<a href="tel:"> +7 912 345-67-89 </a>').element, 'tel')).toBe('+7 912 345-67-89');
  });

  it('a malformed %-escape does not throw (one bad link must not stop the whole read)', () => {
    expect(readElement(dom('<a href="tel:+7912345678%">x</a>').element, 'tel')).toBe('+7912345678%');
  });
});

describe('readElement: values and checkboxes', () => {
  it("reads an input's current value, squashing whitespace", () => {
    const { element } = dom('<input value="  +7  912\u00a0345-67-89 ">');
    expect(readElement(element, 'value')).toBe('+7 912 345-67-89');
    (element as HTMLInputElement).value = '8 912 000 11 22';
    expect(readElement(element, 'value')).toBe('8 912 000 11 22');
  });

  it.each([
    ['<input type="checkbox" checked>', 'true'],
    ['<input type="checkbox">', 'false'],
    ['<span class="t-checkboxedit-wrap t-checkboxedit-checked"><input type="checkbox" class="t-checkboxedit"></span>', 'true'],
    ['<span class="t-checkboxedit-wrap"><input type="checkbox" class="t-checkboxedit"></span>', 'false'],
    ['<span class="t-checkboxedit-wrap t-checkboxedit-unchecked"></span>', 'false'],
    ['<div role="checkbox" aria-checked="true"></div>', 'true'],
    ['<div role="checkbox" aria-checked="false"></div>', 'false'],
  ])('%s reads as checked=%s', (html, checked) => {
    expect(readElement(dom(html).element, 'checked')).toBe(checked);
  });

  it('reads an attribute', () => {
    expect(readElement(dom('<span title=" +7 912 345-67-89 ">…</span>').element, 'attr:title')).toBe('+7 912 345-67-89');
  });
});

describe('rules: ExtJS "-virtual" twins', () => {
  it('skips the twin, whatever it holds, and reads the real control', () => {
    const { document } = dom(`
      <div data-item-marker="MobilePhone Мобильный телефон">
        <input id="ContactPageV2AccountMobilePhoneTextEdit-virtual" value="+7 912 000-00-00">
        <input id="ContactPageV2AccountMobilePhoneTextEdit-el" value="+7 912 345-67-89">
      </div>`);
    const rule = { css: '[data-item-marker^="MobilePhone "] input', read: 'value', layout: 'test' } as const;
    expect(ruleElements(document, rule).map((e) => e.id)).toEqual(['ContactPageV2AccountMobilePhoneTextEdit-el']);
    expect(readFirst(document, [rule])?.value).toBe('+7 912 345-67-89');
  });
});

describe('rules: fields found by label', () => {
  const mobile: LabelRule = {
    field: 'crt-input',
    label: '.crt-input-label, label',
    texts: ['Мобильный телефон', 'Mobile phone'],
    value: 'input',
    read: 'value',
    layout: 'test layout',
  };
  const field = (label: string, value = '+7 912 345-67-89') => `<crt-input><label class="crt-input-label">${label}</label><input value="${value}"></crt-input>`;

  it.each([
    'Мобильный телефон',
    'МОБИЛЬНЫЙ ТЕЛЕФОН',
    'mobile PHONE',
    'Мобильный телефон:',
    'Мобильный телефон*',
    'Мобильный телефон *',
    'Мобильный телефон: *',
    '  Мобильный \n\t  телефон  ',
    'Мобильный\u00a0телефон',
    '<span>Мобильный</span> <span>телефон</span><span class="required">*</span>',
  ])('label %j matches', (label) => {
    expect(readFirst(dom(field(label)).document, [mobile])?.value).toBe('+7 912 345-67-89');
  });

  it.each(['Мобильный телефон контрагента', 'Телефон', 'Mobile', 'Не мобильный телефон'])('label %j does not', (label) => {
    expect(readFirst(dom(field(label)).document, [mobile])).toBeNull();
  });

  it('finds the field whose label matches, not the first field on the page', () => {
    const { document } = dom(field('Рабочий телефон', '+7 843 210-55-00') + field('Мобильный телефон'));
    expect(readFirst(document, [mobile])?.value).toBe('+7 912 345-67-89');
  });

  it("matches the field's caption even when the UI kit's own <label> comes first (Angular Material checkbox)", () => {
    const sms: LabelRule = {
      field: 'crt-checkbox',
      label: '.crt-checkbox-label, label',
      texts: ['Не использовать SMS'],
      value: 'input[type="checkbox"]',
      read: 'checked',
      layout: 'test layout',
    };
    const { document } = dom(`
      <crt-checkbox><mat-checkbox><label class="mat-checkbox-layout"><input type="checkbox" checked><span class="mat-checkbox-label"></span></label></mat-checkbox>
        <label class="crt-checkbox-label">Не использовать E-mail</label></crt-checkbox>
      <crt-checkbox><mat-checkbox><label class="mat-checkbox-layout"><input type="checkbox"><span class="mat-checkbox-label"></span></label></mat-checkbox>
        <label class="crt-checkbox-label">Не использовать SMS</label></crt-checkbox>`);
    expect(readFirst(document, [sms])).toEqual({ value: 'false', source: describeRule(sms) });
  });

  it('describes a rule by layout and label / selector, for the debug view', () => {
    expect(describeRule(mobile)).toBe('test layout: crt-input labelled "Мобильный телефон" / "Mobile phone" → input (value)');
    expect(describeRule({ css: 'a[href^="tel:"]', read: 'tel', layout: 'some page' })).toBe('some page: a[href^="tel:"] (tel)');
  });
});
