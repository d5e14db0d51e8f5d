import { h, render, type ComponentChildren } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactView } from '../../shared/api';
import type { PreviewView, TextLengthsView } from '../../shared/mailings';
import { countSegments } from '../../shared/segments';
import { MessageEditor } from '../../extension/ui/components/mailings/MessageEditor';
import { PreviewModal } from '../../extension/ui/components/mailings/PreviewModal';

let root: HTMLElement;
afterEach(() => {
  if (root) render(null, root);
  document.body.innerHTML = '';
});

function mount(node: ComponentChildren): void {
  root = document.createElement('div');
  document.body.append(root);
  render(node, root);
}

const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const plain = (value: string | null | undefined) => (value ?? '').replace(/[\u00a0\u202f]/g, ' ');
const contact = { crmId: 'demo:1', name: 'Айгуль Нурланова' } as ContactView;
const preview = (patch: Partial<PreviewView>): PreviewView => ({
  contactId: 'demo:1',
  phone: '77011234567',
  text: 'Здравствуйте, ! Ваш заказ готов.',
  parts: 1,
  encoding: 'UCS-2',
  estimatedCost: 1.74,
  currency: 'RUB',
  skipReason: null,
  pieces: [{ text: 'Здравствуйте, ' }, { emptyMacro: 'contact.firstName' }, { text: '! Ваш заказ готов.' }],
  emptyMacros: ['contact.firstName'],
  ...patch,
});
const modal = (p: PreviewView, language: 'ru' | 'en' = 'ru') =>
  mount(h(PreviewModal, { language, state: { step: 'done', contact, preview: p }, picker: null, onAgain: () => {}, onClose: () => {} }));

describe('«Проверить» with an empty macro', () => {
  it('marks the place where the macro put nothing, names it, and keeps the text exactly as sent', () => {
    modal(preview({}));
    const text = $('preview-text')!;
    expect(text.textContent).toBe('Здравствуйте, ! Ваш заказ готов.');
    const mark = $('empty-macro')!;
    expect(mark.tagName).toBe('MARK');
    expect(mark.getAttribute('data-macro')).toBe('contact.firstName');
    expect(mark.getAttribute('title')).toBe('Имя');
    // It stands between «Здравствуйте, » and «!».
    expect(mark.previousSibling?.textContent).toBe('Здравствуйте, ');
    expect(mark.nextSibling?.textContent).toBe('! Ваш заказ готов.');
    expect($('preview-empty-macros')!.textContent).toBe('Пустой макрос: «Имя» — на его месте в тексте ничего нет');
    expect(plain($('preview-cost')!.textContent)).toBe('Стоимость: 1,74 ₽');
  });

  it('names a custom field by its own name, in English too', () => {
    modal(preview({ pieces: [{ text: 'Ваша скидка: ' }, { emptyMacro: 'contact.fields.Скидка' }], emptyMacros: ['contact.fields.Скидка'], text: 'Ваша скидка: ' }), 'en');
    expect($('preview-empty-macros')!.textContent).toBe('Empty macro: "Скидка" — nothing stands in its place');
    expect(plain($('preview-cost')!.textContent)).toBe('Cost: ₽1.74');
  });

  it('positive control: a text with every macro filled has no mark', () => {
    modal(preview({ text: 'Здравствуйте, Айгуль! Ваш заказ готов.', pieces: [{ text: 'Здравствуйте, Айгуль! Ваш заказ готов.' }], emptyMacros: [] }));
    expect($('preview-text')!.textContent).toBe('Здравствуйте, Айгуль! Ваш заказ готов.');
    expect($('empty-macro')).toBeNull();
    expect($('preview-empty-macros')).toBeNull();
  });
});

describe('the message counter once there is an audience', () => {
  const TEMPLATE = 'Здравствуйте, {{contact.firstName}}! Ваш заказ готов.';
  const editor = (rendered: TextLengthsView | null) =>
    mount(
      h(MessageEditor, {
        language: 'ru',
        text: TEMPLATE,
        segments: countSegments(TEMPLATE),
        error: undefined,
        disabled: false,
        onChange: () => {},
        rendered,
        picker: { open: false, macros: [], query: '', loading: false, error: null, onShow: () => {}, onHide: () => {}, onQuery: () => {} },
      }),
    );

  it("shows the recipients' messages shortest–longest, parts and encoding, with the template's own count below", () => {
    editor({ recipients: 1502, lengths: { characters: { min: 32, max: 41 }, parts: { min: 1, max: 2 }, encodings: ['GSM-7', 'UCS-2'] } });
    expect(plain($('rendered-counter')!.textContent)).toBe('Сообщения получателей (1 502): 32–41 симв. · GSM-7 / UCS-2 · СМС: 1–2');
    expect($('rendered-counter')!.getAttribute('data-max')).toBe('41');
    expect($('counter')!.textContent).toContain(`${countSegments(TEMPLATE).characters} симв.`);
    expect(root.textContent).toContain('Шаблон:');
  });

  it('one length is written once', () => {
    editor({ recipients: 3, lengths: { characters: { min: 36, max: 36 }, parts: { min: 1, max: 1 }, encodings: ['UCS-2'] } });
    expect($('rendered-counter')!.textContent).toBe('Сообщения получателей (3): 36 симв. · UCS-2 · СМС: 1');
  });

  it("before there is an audience, the template's count, and a line that says when the lengths come", () => {
    editor({ recipients: 0, lengths: null });
    expect($('rendered-counter')).toBeNull();
    expect($('rendered-counter-none')!.textContent).toBe('Длина сообщений получателей будет видна, когда у рассылки появится аудитория');
    expect(root.textContent).not.toContain('Шаблон:');
    expect($('counter')!.textContent).toContain(`${countSegments(TEMPLATE).characters} симв.`);
    // Not asked yet (a new mailing): the same line, so nothing below moves when the answer comes.
    editor(null);
    expect($('rendered-counter')).toBeNull();
    expect($('rendered-counter-none')).not.toBeNull();
  });
});
