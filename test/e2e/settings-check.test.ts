import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { waitInPage } from './support/wait-in-page';

let relay: TestRelay;
let ext: ExtensionBrowser;

beforeAll(async () => {
  relay = await startTestRelay();
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.marketer)).toMatch(/Подключение установлено/);
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

/** «Проверка доступности сервера» in the mailings page: it asks with the saved settings. */
async function savedConnectionWorks(): Promise<string> {
  const popup = await ext.openExtensionPage('popup.html');
  await popup.waitForSelector(sel('check-connection'));
  await popup.click(sel('check-connection'));
  const answer = await waitInPage(popup, (s) => document.querySelector(s)?.textContent || null, { polling: 50, timeout: 15_000 }, sel('connection-result'));
  const text = answer as string;
  await popup.close();
  return text;
}

describe(`«Проверить подключение» tests what is typed (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('a wrong token tested and left unsaved: the relay refuses it, and the good token stays the saved one', async () => {
    // Positive control: the saved settings work from the mailings page.
    expect(await savedConnectionWorks()).toMatch(/^Подключение установлено/);

    const options = await ext.openExtensionPage('options.html');
    await options.waitForSelector(sel('token'));
    await options.$eval(sel('token'), (el) => ((el as HTMLInputElement).value = ''));
    await options.type(sel('token'), 'crmsms_wrong_token');
    await options.click(sel('check-connection'));
    await waitInPage(
      options,
      (s) => /Токен доступа недействителен/.test(document.querySelector(s)?.textContent ?? ''),
      { polling: 50, timeout: 15_000 },
      sel('connection-result'),
    );
    await options.close();

    expect(await savedConnectionWorks()).toMatch(/^Подключение установлено/);
    const reopened = await ext.openExtensionPage('options.html');
    await reopened.waitForSelector(sel('token'));
    expect(await reopened.$eval(sel('token'), (el) => (el as HTMLInputElement).value)).toBe(relay.tokens.marketer);
    await reopened.close();
  });
});
