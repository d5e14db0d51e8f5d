import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactImportProgress, ContactImportReport } from '../../extension/messaging/import-protocol';
import type { Envelope, Result } from '../../extension/messaging/protocol';
import { aboutRows, decodeCsv } from '../../extension/ui/mailings/csv-file';
import { RegistryRoot } from '../../extension/ui/popup/RegistryRoot';

/** A background the test drives: it holds each import until the test answers it, and reports `progress` meanwhile. */
const background = vi.hoisted(() => ({
  asked: [] as Envelope[],
  imports: [] as { payload: { importId: string; csv: string; dryRun: boolean }; answer(result: unknown): void }[],
  progress: null as unknown,
}));
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      id: 'test',
      sendMessage: (envelope: Envelope) => {
        background.asked.push(envelope);
        if (envelope.crmSms === 'listMailings') return Promise.resolve({ ok: true, value: [] });
        if (envelope.crmSms === 'importProgress') return Promise.resolve({ ok: true, value: background.progress });
        if (envelope.crmSms === 'importContactsCsv') {
          return new Promise((answer) => background.imports.push({ payload: envelope.payload as never, answer }));
        }
        return Promise.resolve({ ok: true, value: null });
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
    tabs: { getCurrent: async () => undefined, query: async () => [] },
  },
}));

/** Windows-1251, as Russian Excel saves "CSV": А–я are 0xC0–0xFF, Ё 0xA8, ё 0xB8. */
function cp1251(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (ch === 'Ё') return 0xa8;
      if (ch === 'ё') return 0xb8;
      throw new Error(`not in the test's cp1251: ${ch}`);
    }),
  );
}

const CSV = 'ФИО;Мобильный телефон;Код клиента;\nИван Петров;+79123456789;A-1;\n;+79120000002;A-2;\nПётр Лютиков;позвоните мне;A-3;\n';

const dryReport: ContactImportReport = {
  created: 0,
  updated: 0,
  unchanged: 0,
  accepted: 1,
  refusedCount: 2,
  dryRun: true,
  header: ['ФИО', 'Мобильный телефон', 'Код клиента', ''],
  mapping: { ФИО: 'name', 'Мобильный телефон': 'mobilePhone', 'Код клиента': 'fields.Код клиента', '': null },
  refused: [
    { line: 3, reason: 'the row has no name' },
    { line: 4, reason: '"позвоните мне" in the column "Мобильный телефон" is not a phone number' },
  ],
};

let root: HTMLElement;
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const text = (name: string) => $(name)?.textContent?.trim() ?? '';

async function until(what: string, condition: () => boolean): Promise<void> {
  await vi.waitFor(
    () => {
      if (!condition()) throw new Error(`never: ${what}; the import shows: ${$('csv-import')?.textContent}`);
    },
    { timeout: 2_000, interval: 5 },
  );
}

function pick(bytes: Uint8Array<ArrayBuffer>, name = 'contacts.csv'): void {
  const input = $('csv-file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { configurable: true, value: [new File([bytes], name, { type: 'text/csv' })] });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const answerImport = (index: number, result: Result<ContactImportReport>) => background.imports[index]!.answer(result);

beforeEach(() => {
  background.asked.length = 0;
  background.imports.length = 0;
  background.progress = null;
  root = document.createElement('div');
  document.body.append(root);
  render(h(RegistryRoot, { language: 'ru', onOpen() {}, onStopList() {} }), root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('«Импорт контактов из CSV» on the mailings page', () => {
  it('a Windows-1251 file: checked first (progress, the mapping and refused rows in words), imported only on «Загрузить»', async () => {
    expect(text('csv-import-open')).toBe('Импорт контактов из CSV');
    pick(cp1251(CSV), 'выгрузка.csv');
    await until('the dry run is asked', () => background.imports.length === 1);
    const dry = background.imports[0]!.payload;
    expect(dry.dryRun).toBe(true);
    expect(dry.csv).toBe(CSV);
    expect(text('csv-file-info')).toMatch(/^Файл выгрузка\.csv · 1 КБ · Windows-1251$/);
    // Before the relay says how far it is, the bar has no figure; then it counts rows of the file's three.
    await until('an indeterminate bar while the file goes to the relay', () => $('csv-progress')?.getAttribute('data-phase') === 'send');
    expect($('csv-progress')!.hasAttribute('value')).toBe(false);
    background.progress = { phase: 'check', rows: 2 } satisfies ContactImportProgress;
    await until('rows checked of about three', () => $('csv-progress')?.getAttribute('data-phase') === 'check');
    expect(($('csv-progress') as HTMLProgressElement).max).toBe(3);
    expect(($('csv-progress') as HTMLProgressElement).value).toBe(2);
    expect($('csv-import')!.textContent).toContain('Сервер проверяет строки: 2 из ≈3');

    answerImport(0, { ok: true, value: dryReport });
    await until('the report', () => $('csv-mapping') !== null);
    const mapping = [...root.querySelectorAll('[data-crm-sms="csv-mapping"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(mapping).toEqual([
      ['ФИО', 'ФИО'],
      ['Мобильный телефон', 'Мобильный телефон'],
      ['Код клиента', 'доп. поле «Код клиента»'],
      ['', 'не загружается'],
    ]);
    expect(text('csv-summary')).toBe('Проверка: строк 3, будет загружено 1, отклонено 2. В справочник пока ничего не записано.');
    expect([...root.querySelectorAll('[data-crm-sms="csv-refused"] li')].map((li) => li.textContent)).toEqual([
      'Строка 3: в строке нет имени',
      'Строка 4: «позвоните мне» в столбце «Мобильный телефон» — не номер телефона',
    ]);
    // Nothing was imported by the check: the only import asked so far is the dry run.
    expect(background.imports).toHaveLength(1);

    background.progress = null;
    $('csv-import-run')!.click();
    await until('the import is asked', () => background.imports.length === 2);
    expect(background.imports[1]!.payload).toMatchObject({ dryRun: false, csv: CSV });
    background.progress = { phase: 'check', rows: 1 } satisfies ContactImportProgress;
    await until('rows checked of exactly three (the dry run counted them)', () => $('csv-import')!.textContent!.includes('Сервер проверяет строки: 1 из 3'));
    background.progress = { phase: 'store', rows: 1 } satisfies ContactImportProgress;
    await until('storing, without a figure', () => $('csv-progress')?.getAttribute('data-phase') === 'store');
    expect($('csv-progress')!.hasAttribute('value')).toBe(false);
    expect($('csv-import')!.textContent).toContain('Сохранение контактов в справочнике: 1…');

    answerImport(1, { ok: true, value: { ...dryReport, created: 1, dryRun: false } });
    await until('the result', () => text('csv-result') !== '');
    expect(text('csv-result')).toBe('Загружено из выгрузка.csv: новых 1, обновлено 0, без изменений 0; отклонено строк 2');
    expect($('csv-file')).not.toBeNull();
  });

  it('a file the relay cannot import says why in Russian, and another can be picked', async () => {
    pick(new TextEncoder().encode('ФИО;Телефон\n"Незакрытая;+79120000099\n'));
    await until('the dry run is asked', () => background.imports.length === 1);
    answerImport(0, {
      ok: false,
      error: {
        code: 'invalid_csv',
        message: "The CSV file cannot be imported. The quoted value that starts on line 2 is never closed: a closing '\"' is missing.",
        messageRu: "Файл CSV не импортирован. The quoted value that starts on line 2 is never closed: a closing '\"' is missing.",
      },
    });
    await until('the error', () => text('csv-result') !== '');
    expect(text('csv-result')).toBe('Файл CSV не импортирован. Значение в кавычках, начатое в строке 2, не закрыто: не хватает закрывающей кавычки «"».');
    expect(text('csv-file-info')).toMatch(/UTF-8$/);
    expect($('csv-file')).not.toBeNull();
  });

  it('a file with nothing to import offers no import', async () => {
    pick(new TextEncoder().encode('ФИО;Телефон\n;+79120000002\n'));
    await until('the dry run is asked', () => background.imports.length === 1);
    answerImport(0, { ok: true, value: { ...dryReport, accepted: 0, refusedCount: 1, refused: [dryReport.refused[0]!] } });
    await until('the report', () => $('csv-summary') !== null);
    expect($('csv-import-run')).toBeNull();
    expect(text('csv-nothing')).toBe('В файле нет строк, которые можно загрузить');
    $('csv-reset')!.click();
    await until('back to picking a file', () => $('csv-file') !== null && $('csv-summary') === null);
  });
});

describe('reading the picked file', () => {
  it('UTF-8 (with or without BOM) as it is; anything else as Windows-1251', () => {
    expect(decodeCsv(new TextEncoder().encode('\uFEFFФИО\nИван\n'))).toEqual({ text: 'ФИО\nИван\n', encoding: 'UTF-8' });
    expect(decodeCsv(cp1251('ФИО;Ёлкин\n'))).toEqual({ text: 'ФИО;Ёлкин\n', encoding: 'Windows-1251' });
  });

  it('about how many rows: non-empty lines but the header', () => {
    expect(aboutRows('ФИО\nА\nБ\n')).toBe(2);
    expect(aboutRows('ФИО\r\nА\r\n\r\nБ')).toBe(2);
    expect(aboutRows('')).toBe(0);
  });
});
