import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../relay/config';

const load = (env: Record<string, string>, cwd = '/tmp') => loadConfig({ env, cwd });

describe('relay configuration', () => {
  it('has embedded defaults: sandbox on 127.0.0.1:8787, data in ./data', () => {
    const config = load({}, '/srv/relay');
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8787, provider: 'sandbox', dataDir: '/srv/relay/data', defaultCountry: 'RU', statusPollSeconds: 60 });
  });

  it('reads environment variables over the JSON file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crmsms-config-'));
    await writeFile(join(dir, 'relay.config.json'), JSON.stringify({ port: 9000, provider: 'smsru', smsru: { apiId: 'from-file', from: 'SHOP' } }));
    const config = load({ SMSRU_API_ID: 'from-env' }, dir);
    expect(config).toMatchObject({ port: 9000, provider: 'smsru', smsru: { apiId: 'from-env', from: 'SHOP', baseUrl: 'https://sms.ru' } });
  });

  it.each([
    [{ PORT: 'eighty' }, 'Setting "port" (env PORT): must be a whole number from 0 to 65535'],
    [{ PROVIDER: 'megafon' }, 'Setting "provider" (env PROVIDER): Invalid option: expected one of "sandbox"|"smsru"|"smsc"|"smsaero"|"twilio"'],
    [{ PROVIDER: 'smsru' }, 'Setting "smsru.apiId" (env SMSRU_API_ID) is required when the provider is "smsru"'],
    [{ PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't' }, 'Setting "twilio.from" (env TWILIO_FROM) is required when the provider is "twilio"'],
    [{ DEFAULT_COUNTRY: 'Russia' }, 'Setting "defaultCountry" (env DEFAULT_COUNTRY): must be a two-letter country code such as RU'],
    [{ ALLOWED_COUNTRIES: 'RU,Kazakhstan' }, 'Setting "allowedCountries" (env ALLOWED_COUNTRIES): must be a two-letter country code such as RU'],
    [{ SMSRU_BASE_URL: 'ftp://sms.ru' }, 'Setting "smsru.baseUrl" (env SMSRU_BASE_URL): must be an http(s) URL'],
    [{ SANDBOX_FAIL_RATE: '2' }, 'Setting "sandbox.failRate" (env SANDBOX_FAIL_RATE): Too big: expected number to be <=1'],
    [{ OPT_OUT_STOP_KEYWORDS: 'СТОП, !!!' }, 'Setting "optOut.stopKeywords" (env OPT_OUT_STOP_KEYWORDS): each keyword must hold a letter or a digit'],
    [{ OPT_OUT_START_KEYWORDS: 'START,stop' }, 'Setting "optOut.startKeywords" (env OPT_OUT_START_KEYWORDS): a keyword cannot both stop and start'],
  ])('refuses %j naming the setting', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('names an unknown key in the config file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crmsms-config-'));
    await writeFile(join(dir, 'relay.config.json'), JSON.stringify({ smsru: { apiKey: 'x' } }));
    expect(() => load({}, dir)).toThrow('Unknown setting in "smsru" "apiKey"');
  });

  it('accepts "*" and lists for allowed countries', () => {
    expect(load({ ALLOWED_COUNTRIES: '*' }).allowedCountries).toBe('*');
    expect(load({ ALLOWED_COUNTRIES: 'ru, kz' }).allowedCountries).toEqual(['RU', 'KZ']);
  });

  it("has the STOP and START keywords as a setting: Twilio's and the Russian ones by default, a list from the environment", () => {
    expect(load({}).optOut).toEqual({
      stopKeywords: ['STOP', 'СТОП', 'ОТПИСАТЬСЯ', 'ОТПИСКА', 'UNSUBSCRIBE', 'END', 'CANCEL', 'QUIT', 'STOPALL'],
      startKeywords: ['START', 'СТАРТ', 'ПОДПИСАТЬСЯ', 'UNSTOP', 'YES'],
    });
    expect(load({ OPT_OUT_STOP_KEYWORDS: 'СТОП, ХВАТИТ' }).optOut.stopKeywords).toEqual(['СТОП', 'ХВАТИТ']);
  });
});
