import { h, render, type ComponentChildren } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckView } from '../../shared/api';
import { STANDARD_MACROS, type MacroDefinition } from '../../shared/macros';
import type { Envelope } from '../../extension/messaging/protocol';
import { createRelayClient } from '../../extension/services/relay-client';
import { MacroPicker } from '../../extension/ui/components/mailings/MacroPicker';
import { ServiceChecks } from '../../extension/ui/components/ServiceChecks';
import { useMacros } from '../../extension/ui/hooks/mailings/useMacros';

/** What a Russian user is shown once the texts are filled in: words, never the relay's or the extension's ids. */

const background = vi.hoisted(() => ({ answer: (_envelope: Envelope): unknown => undefined }));
vi.mock('wxt/browser', () => ({ browser: { runtime: { sendMessage: async (envelope: Envelope) => background.answer(envelope) } } }));

let root: HTMLElement | undefined;
afterEach(() => {
  if (root) render(null, root);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});
function mount(node: ComponentChildren): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  render(node, root);
  return root;
}
const latin = (text: string) => text.match(/[A-Za-z][A-Za-z0-9_.-]*/g) ?? [];

describe('filled-in texts in Russian', () => {
  it('«Проверка доступности сервера» names the role and the provider in words', () => {
    const value: CheckView = { relay: 'ok', token: 'ok', user: { name: 'Ольга', role: 'admin' }, provider: { id: 'sandbox', credentials: 'ok' } };
    const shown = mount(h(ServiceChecks, { language: 'ru', connection: { state: 'done', value }, onCheckConnection: () => {} }));
    const text = shown.querySelector('[data-crm-sms="connection-result"]')!.textContent!;
    expect(text).toBe(
      'Подключение установлено: сервер доступен, токен действителен (пользователь «Ольга», роль: администратор), оператор «Песочница (ничего не отправляет)»: ключи приняты',
    );
    expect(latin(text)).toEqual([]);
  });

  it('a relay that cannot be reached: why, in Russian', async () => {
    const client = createRelayClient(async () => ({ relayUrl: 'http://127.0.0.1:8787', token: 'crmsms_test' }));
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    const refused = await client.checkConnection();
    expect(refused.ok).toBe(false);
    const messageRu = !refused.ok ? refused.error.messageRu : '';
    expect(messageRu).toContain('(нет соединения)');
    expect(latin(messageRu.replace('http://127.0.0.1:8787', '')).filter((w) => w !== 'CRM' && w !== 'SMS')).toEqual([]);
    // Positive control: the English text keeps its English detail.
    expect(!refused.ok && refused.error.message).toContain('(connection failed)');
  });

  it("the macro picker lists the contacts' own custom fields, not the extension's internal currentUser", async () => {
    const macros: MacroDefinition[] = [
      ...STANDARD_MACROS,
      { path: 'contact.fields.Дата рождения', label: { ru: 'Дата рождения', en: 'Дата рождения' }, group: 'custom' },
      { path: 'contact.fields.currentUser', label: { ru: 'currentUser', en: 'currentUser' }, group: 'custom' },
    ];
    background.answer = (envelope) => (envelope.crmSms === 'listMacros' ? { ok: true, value: macros } : undefined);
    let show = () => {};
    function Picker() {
      const picker = useMacros('ru');
      show = () => void picker.show();
      return picker.open
        ? h(MacroPicker, {
            language: 'ru',
            macros: picker.macros,
            query: picker.query,
            loading: picker.loading,
            error: picker.error,
            onQuery: picker.setQuery,
            onPick: () => {},
            onClose: picker.hide,
          })
        : null;
    }
    const shown = mount(h(Picker, {}));
    show();
    await vi.waitFor(() => expect(shown.querySelector('[data-crm-sms="macro"][data-path="contact.firstName"]')).not.toBeNull());
    const paths = [...shown.querySelectorAll('[data-crm-sms="macro"]')].map((b) => b.getAttribute('data-path'));
    expect(paths).toContain('contact.fields.Дата рождения');
    expect(paths).toContain('contact.firstName');
    expect(paths).not.toContain('contact.fields.currentUser');
    expect(shown.textContent).not.toContain('currentUser');
  });
});
