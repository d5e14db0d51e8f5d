// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactImportProgress } from '../../extension/messaging/import-protocol';
import { createImportHandlers, MAX_REFUSED_LISTED } from '../../extension/services/import-handlers';
import { DEFAULT_SETTINGS } from '../../extension/settings/settings';
import { importErrorText, refusedReasonText } from '../../extension/ui/mailings/import-reasons';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

/** The background's CSV import (what the mailings page asks) against a real relay. */
let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay({});
});
afterAll(() => relay?.dispose());

const handlers = (role: 'marketer' | 'agent' = 'marketer') =>
  createImportHandlers({ settings: async () => ({ ...DEFAULT_SETTINGS, relayUrl: `${relay.url}/`, token: ` ${relay.tokens[role]} ` }) });

const CSV =
  '\uFEFFФИО;Мобильный телефон;Контрагент;Код клиента;\n' +
  'Иван Петров;+7 912 345-67-89;Ромашка;A-1;\n' +
  ';+7 912 000-00-02;Ромашка;A-2;\n' +
  'Пётр Лютиков;позвоните мне;Лютик;A-3;\n' +
  'Мария Сидорова;8 912 000 11 22;Ромашка;A-4;\n';

const directory = async (q: string) =>
  (await relay.call('GET', `/api/contacts?q=${encodeURIComponent(q)}`, { role: 'marketer' })).body.contacts as {
    crmId: string;
    name: string;
    account?: string;
    fields?: Record<string, string>;
  }[];

describe('CSV import through the background', () => {
  it('a dry run reports the mapping and each refused row by line, and stores nothing; the import then stores the rest', async () => {
    const checked = await handlers().importContactsCsv({ importId: 'a', csv: CSV, dryRun: true });
    expect(checked).toEqual({
      ok: true,
      value: {
        created: 0,
        updated: 0,
        unchanged: 0,
        accepted: 2,
        consents: 0,
        refusedCount: 2,
        dryRun: true,
        header: ['ФИО', 'Мобильный телефон', 'Контрагент', 'Код клиента', ''],
        mapping: { ФИО: 'name', 'Мобильный телефон': 'mobilePhone', Контрагент: 'account', 'Код клиента': 'fields.Код клиента', '': null },
        refused: [
          { line: 3, reason: 'the row has no name' },
          { line: 4, reason: '"позвоните мне" in the column "Мобильный телефон" is not a phone number' },
        ],
      },
    });
    expect(await directory('Сидорова')).toEqual([]);

    const imported = await handlers().importContactsCsv({ importId: 'b', csv: CSV, dryRun: false });
    expect(imported.ok && imported.value).toMatchObject({ created: 2, accepted: 2, refusedCount: 2, dryRun: false });
    const [maria] = await directory('Сидорова');
    expect(maria).toMatchObject({ name: 'Мария Сидорова', account: 'Ромашка', fields: { 'Код клиента': 'A-4' } });
    expect(maria!.crmId).toMatch(/^csv:/);
  });

  it('while a big file is checked, the background can tell how far the relay is; then it forgets the import', async () => {
    const rows = 3000;
    const lines = ['ФИО;Телефон'];
    for (let i = 0; i < rows; i++) lines.push(`Контакт ${i};+7 913 ${String(1_000_000 + i)}`);
    lines.push(';+7 913 0000000');
    const h = handlers();
    const seen: ContactImportProgress[] = [];
    let over = false;
    const answer = h.importContactsCsv({ importId: 'big', csv: lines.join('\n'), dryRun: false }).finally(() => (over = true));
    while (!over) {
      const now = await h.importProgress({ importId: 'big' });
      if (now.ok && now.value && JSON.stringify(now.value) !== JSON.stringify(seen.at(-1))) seen.push(now.value);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await answer;
    expect(result.ok && result.value).toMatchObject({ created: rows, accepted: rows, refusedCount: 1 });
    expect(seen[0]).toEqual({ phase: 'send' });
    const checks = seen.filter((p): p is Extract<ContactImportProgress, { phase: 'check' }> => p.phase === 'check');
    expect(checks.length).toBeGreaterThan(1);
    expect(checks.map((p) => p.rows)).toEqual([...checks.map((p) => p.rows)].sort((a, b) => a - b));
    expect(checks.at(-1)!.rows).toBeLessThanOrEqual(rows + 1);
    expect(seen.at(-1)).toEqual({ phase: 'store', rows });
    expect(await h.importProgress({ importId: 'big' })).toEqual({ ok: true, value: null });
  });

  it('lists at most MAX_REFUSED_LISTED refused rows, counting them all', async () => {
    const lines = ['ФИО;Телефон', ...Array.from({ length: MAX_REFUSED_LISTED + 50 }, () => ';+7 913 0000000')];
    const result = await handlers().importContactsCsv({ importId: 'c', csv: lines.join('\n'), dryRun: true });
    expect(result.ok && result.value.refusedCount).toBe(MAX_REFUSED_LISTED + 50);
    expect(result.ok && result.value.refused).toHaveLength(MAX_REFUSED_LISTED);
  });

  it("says why in words: a broken file, an agent's token, no token, no relay", async () => {
    const broken = await handlers().importContactsCsv({ importId: 'd', csv: 'ФИО;Телефон\n"Незакрытая;+79120000099\n', dryRun: true });
    expect(broken).toMatchObject({ ok: false, error: { code: 'invalid_csv', messageRu: expect.stringMatching(/^Файл CSV не импортирован\./) } });
    const agent = await handlers('agent').importContactsCsv({ importId: 'e', csv: CSV, dryRun: true });
    expect(agent).toMatchObject({ ok: false, error: { code: 'forbidden', messageRu: 'Недостаточно прав для этого действия' } });
    const none = await createImportHandlers({ settings: async () => DEFAULT_SETTINGS }).importContactsCsv({ importId: 'f', csv: CSV, dryRun: true });
    expect(none).toMatchObject({ ok: false, error: { code: 'no_token' } });
    const closed = await createImportHandlers({ settings: async () => ({ ...DEFAULT_SETTINGS, relayUrl: 'http://127.0.0.1:9', token: 'x' }) }).importContactsCsv({
      importId: 'g',
      csv: CSV,
      dryRun: true,
    });
    expect(closed).toMatchObject({ ok: false, error: { code: 'relay_unreachable', messageRu: expect.stringContaining('недоступен') } });
  });

  it('each refusal the relay words in English has Russian words in the page', async () => {
    const rows = await handlers().importContactsCsv({
      importId: 'h',
      dryRun: true,
      csv:
        'Id;ФИО;Телефон;Email\n' +
        'i1;Иван;+79120000001;a@b.c\n' +
        'i2;;+79120000002;\n' +
        'i3;Пётр;позвоните;\n' +
        ';Мария;+79120000003;\n' +
        'i1;Иван Второй;+79120000004;\n' +
        'i 5/;Анна;+79120000005;\n' +
        'i6;Олег;+79120000006\n' +
        `i7;${'Я'.repeat(400)};+79120000007;\n`,
    });
    expect(rows.ok).toBe(true);
    const refused = rows.ok ? rows.value.refused : [];
    expect(refused.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    for (const row of refused) {
      // No English left outside the values quoted from the file.
      const words = refusedReasonText('ru', row).replace(/«[^»]*»/g, '«…»');
      expect(words, row.reason).not.toMatch(/[A-Za-z]{2,}/);
      expect(refusedReasonText('en', row)).toBe(row.reason);
    }
    const lines = [
      await handlers().importContactsCsv({ importId: 'i', csv: '', dryRun: true }),
      await handlers().importContactsCsv({ importId: 'j', csv: 'Телефон;Город\n+79120000001;Казань\n', dryRun: true }),
      await handlers().importContactsCsv({ importId: 'k', csv: 'ФИО;Телефон\n"Незакрытая;+79120000099\n', dryRun: true }),
    ];
    for (const answer of lines) {
      expect(answer.ok).toBe(false);
      if (answer.ok) continue;
      expect(importErrorText('ru', answer.error), answer.error.message).toMatch(/^Файл CSV не импортирован\. [А-Я][^A-Za-z]*(ФИО|$)/);
    }
  });
});
