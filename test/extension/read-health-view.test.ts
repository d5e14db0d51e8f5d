import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthView } from '../../shared/adapter-overrides';
import { ReadingHealth } from '../../extension/ui/components/ReadingHealth';
import type { ReadingHealthState } from '../../extension/ui/hooks/useReadingHealth';

/** «Чтение страницы» on the options page: the relay's health per site, in words, for an admin. */
let root: HTMLElement | null = null;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

function show(health: ReadingHealthState, language: 'ru' | 'en' = 'ru'): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  render(h(ReadingHealth, { language, health, adapterName: (id: string) => ({ creatio: 'Creatio' })[id] ?? id, onReload: () => undefined }), root);
  return root;
}

const creatio: HealthView = {
  site: 'https://acme.creatio.com',
  adapter: 'creatio',
  since: '2026-11-12T08:30:00.000Z',
  cards: 40,
  fields: {
    name: { read: { adapter: 38, fallback: 2 }, missing: 0 },
    phones: { read: { adapter: 3 }, missing: 37 },
    'Город доставки': { read: { override: 1 }, missing: 39 },
  },
};
const lines = (el: HTMLElement) => [...el.querySelectorAll('[data-site] li')].map((li) => li.textContent);

describe('the page-reading section', () => {
  it('for an admin: each field, the most often missed first, with its layers and the date counting began', () => {
    const el = show({ state: 'done', sites: [creatio] });
    expect(el.querySelector('legend')?.textContent).toBe('Чтение страницы');
    expect(lines(el)).toEqual([
      'Creatio · Город доставки: не найдено на 39 из 40 карточек с 12.11 (правило сайта: 1)',
      'Creatio · телефоны: не найдено на 37 из 40 карточек с 12.11 (правило адаптера: 3)',
      'Creatio · ФИО: прочитано на 40 из 40 карточек с 12.11 (правило адаптера: 38, поиск в карточке: 2)',
    ]);
  });

  it('in English, and a single card', () => {
    const el = show({ state: 'done', sites: [{ ...creatio, cards: 1, fields: { phones: { read: {}, missing: 1 } } }] }, 'en');
    expect(el.querySelector('legend')?.textContent).toBe('Page reading');
    expect(lines(el)).toEqual(['Creatio phones: not found on 1 of 1 card since 12/11']);
  });

  it("a token that is not an admin's is told only an admin sees it; other refusals in their words", () => {
    expect(show({ state: 'admin-only' }).querySelector('[data-crm-sms="read-health-admin-only"]')?.textContent).toMatch(/только администратор/);
    render(null, root!);
    const error = show({ state: 'error', error: { code: 'relay_unreachable', message: 'down', messageRu: 'Сервер CRM SMS недоступен' } });
    expect(error.querySelector('[data-crm-sms="read-health-error"]')?.textContent).toBe('Сервер CRM SMS недоступен');
  });
});
