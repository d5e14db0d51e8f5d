import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../extension/settings/settings';
import { settingsItem } from '../../extension/settings/settings-item';
import { useLanguage } from '../../extension/ui/hooks/useLanguage';

vi.mock('wxt/browser', () => ({ browser: { i18n: { getUILanguage: () => 'en-US' } } }));

/**
 * The page's language follows the saved setting. Under load the first read of the settings can answer
 * after the user has already saved another language: that read's older value must not win (CI saw an
 * options page stay in English for 10 s after «Сохранить» with Russian).
 */
describe('useLanguage', () => {
  afterEach(() => vi.restoreAllMocks());

  function mount() {
    let answerFirstRead!: (settings: Settings) => void;
    vi.spyOn(settingsItem, 'getValue').mockReturnValue(new Promise((resolve) => (answerFirstRead = resolve)));
    let heard!: (settings: Settings) => void;
    vi.spyOn(settingsItem, 'watch').mockImplementation((callback) => {
      heard = (settings) => callback(settings, DEFAULT_SETTINGS);
      return () => undefined;
    });
    const root = document.createElement('div');
    const Shown = () => h('p', null, useLanguage());
    void act(() => render(h(Shown, null), root));
    return { root, answerFirstRead: (s: Settings) => act(async () => answerFirstRead(s)), hear: (s: Settings) => act(() => heard(s)) };
  }

  it('shows what the first read says (positive control)', async () => {
    const { root, answerFirstRead } = mount();
    expect(root.textContent).toBe('en');
    await answerFirstRead({ ...DEFAULT_SETTINGS, language: 'ru' });
    expect(root.textContent).toBe('ru');
  });

  it('a change heard before the first read answers is not undone by that read', async () => {
    const { root, answerFirstRead, hear } = mount();
    await hear({ ...DEFAULT_SETTINGS, language: 'ru' });
    expect(root.textContent).toBe('ru');
    await answerFirstRead({ ...DEFAULT_SETTINGS, language: 'auto' });
    expect(root.textContent).toBe('ru');
  });
});
