import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MailingView } from '../../shared/mailings';
import type { ContactRead } from '../../extension/crm/types';
import type { Envelope } from '../../extension/messaging/protocol';
import { useLaunch } from '../../extension/ui/hooks/mailings/useLaunch';
import { DialogFrame } from '../../extension/ui/in-page/DialogFrame';
import { userClick } from './user-click';

/**
 * Every action that sends or spends acts only on a real user's click. happy-dom's click() and
 * dispatchEvent make untrusted events, as a page script's would: they must reach nothing.
 */
const asked = vi.hoisted(() => [] as string[]);
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      id: 'test',
      sendMessage: async (envelope: Envelope) => {
        asked.push(envelope.crmSms);
        if (envelope.crmSms === 'checkPhone') return { ok: true, value: { ok: true, digits: '79123456789', international: '+7 912 345-67-89', country: 'RU' } };
        if (envelope.crmSms === 'cost') return { ok: true, value: { cost: 1.74, currency: 'RUB', parts: 1, localParts: 1, encoding: 'UCS-2' } };
        if (envelope.crmSms === 'preflight')
          return { ok: true, value: { recipients: 1, totalParts: 1, estimatedCost: null, currency: null, balance: null, budgetCap: null, skipped: {}, problems: [] } };
        return { ok: true, value: { id: 'x', status: 'running' } };
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
  },
}));

const contact: ContactRead = {
  adapter: 'demo',
  recordId: '1',
  fields: { name: 'Иван Петров' },
  phones: [{ number: '+7 912 345-67-89', type: 'mobile', source: 'test' }],
  doNotUseSms: false,
  provenance: {} as ContactRead['provenance'],
  layers: {},
  extra: {},
};

let root: HTMLElement;
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`)!;
/** What a page script would do to a button it could reach. */
const scriptClicks = (el: HTMLElement) => {
  el.click();
  el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
};

beforeEach(() => {
  asked.length = 0;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('the send dialog', () => {
  it("a script's clicks on «Стоимость СМС» and «Отправить» ask nothing; a user's do", async () => {
    render(h(DialogFrame, { language: 'ru', contact, crmId: 'demo:h:1', onClose() {} }), root);
    const text = $('text') as HTMLTextAreaElement;
    text.value = 'Привет';
    text.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(($('send') as HTMLButtonElement).disabled).toBe(false));

    // Nothing to wait for after a script's clicks: the user's clicks below go the same way and are
    // counted exactly, so an ask the script's clicks had started would show up there.
    scriptClicks($('cost'));
    scriptClicks($('send'));
    expect(asked.filter((t) => t === 'cost' || t === 'sendMessage')).toEqual([]);

    userClick($('cost'));
    await vi.waitFor(() => expect(asked).toContain('cost'));
    expect(asked.filter((t) => t === 'cost')).toEqual(['cost']);
    userClick($('send'));
    await vi.waitFor(() => expect(asked).toContain('sendMessage'));
    expect(asked.filter((t) => t === 'sendMessage')).toEqual(['sendMessage']);
  });
});

describe('the launch of a mailing', () => {
  const mailing = { id: 'm1', status: 'draft' } as MailingView;
  function Launch() {
    const launch = useLaunch(
      async () => mailing,
      () => {},
    );
    return h(
      'div',
      null,
      h('button', { 'data-crm-sms': 'launch', onClick: (event: Event) => void launch.open(event) }),
      launch.state.step === 'confirm' && h('button', { 'data-crm-sms': 'launch-confirm-button', onClick: (event: Event) => void launch.confirm(event) }),
    );
  }

  it("a script can neither ask for the pre-flight figures (the provider's cost) nor launch; a user can", async () => {
    render(h(Launch, null), root);
    // As above: each script's click is followed by a user's whose ask is counted exactly.
    scriptClicks($('launch'));
    expect(asked).toEqual([]);
    userClick($('launch'));
    await vi.waitFor(() => expect($('launch-confirm-button')).not.toBeNull());
    expect(asked).toEqual(['preflight']);
    scriptClicks($('launch-confirm-button'));
    expect(asked).toEqual(['preflight']);
    userClick($('launch-confirm-button'));
    await vi.waitFor(() => expect(asked).toContain('mailingAction'));
    expect(asked).toEqual(['preflight', 'mailingAction']);
  });
});
