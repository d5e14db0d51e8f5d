import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, enabledSites, migrateToV2, parseSiteOrigin, siteFor, sitePattern, type Settings } from '../../extension/settings/settings';

const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('only the sites the user chose', () => {
  it("by default, the relay's own origin (its demo CRM) and nothing else: no other port, no localhost", () => {
    const fresh = settings();
    expect(enabledSites(fresh)).toEqual([{ origin: 'http://127.0.0.1:8787', generic: false }]);
    expect(siteFor(fresh, 'http://127.0.0.1:8787')).toBeDefined();
    for (const other of ['http://127.0.0.1:8788', 'http://127.0.0.1', 'http://localhost:8787', 'https://127.0.0.1:8787', 'null']) {
      expect(siteFor(fresh, other), other).toBeUndefined();
    }
  });

  it('the relay origin follows the relay address', () => {
    const moved = settings({ relayUrl: 'https://sms.example.com/relay' });
    expect(siteFor(moved, 'https://sms.example.com')).toBeDefined();
    expect(siteFor(moved, 'http://127.0.0.1:8787')).toBeUndefined();
  });

  it('a site the user added matches its exact origin: scheme, host and port', () => {
    const withCrm = settings({
      sites: [
        { origin: 'https://crm.example.com', generic: true },
        { origin: 'http://127.0.0.1:8000', generic: false },
      ],
    });
    expect(siteFor(withCrm, 'https://crm.example.com')).toEqual({ origin: 'https://crm.example.com', generic: true });
    expect(siteFor(withCrm, 'https://crm.example.com:443')).toBeDefined();
    expect(siteFor(withCrm, 'http://127.0.0.1:8000')).toBeDefined();
    for (const other of ['http://crm.example.com', 'https://crm.example.com:8443', 'https://evil.crm.example.com', 'http://127.0.0.1:8001']) {
      expect(siteFor(withCrm, other), other).toBeUndefined();
    }
  });

  it('what the user types becomes an exact origin, the port kept', () => {
    expect(parseSiteOrigin('crm.example.com/app')).toEqual({ ok: true, origin: 'https://crm.example.com' });
    expect(parseSiteOrigin('http://127.0.0.1:8000/#/db')).toEqual({ ok: true, origin: 'http://127.0.0.1:8000' });
    expect(parseSiteOrigin('https://crm.example.com:443')).toEqual({ ok: true, origin: 'https://crm.example.com' });
    expect(parseSiteOrigin('ftp://crm.example.com')).toEqual({ ok: false, reason: 'scheme' });
    expect(parseSiteOrigin('  ')).toEqual({ ok: false, reason: 'empty' });
  });

  it('match patterns: with the port (Chromium), the host only where patterns cannot name one (Firefox)', () => {
    expect(sitePattern('http://127.0.0.1:8000')).toBe('http://127.0.0.1:8000/*');
    expect(sitePattern('https://crm.example.com')).toBe('https://crm.example.com/*');
    expect(sitePattern('http://127.0.0.1:8000', false)).toBe('http://127.0.0.1/*');
  });

  it('stored settings of version 1 lose the old built-in hosts (any port), keep what the user added', () => {
    const old = settings({
      sites: [
        { origin: 'http://127.0.0.1', generic: false },
        { origin: 'http://localhost', generic: true },
        { origin: 'https://crm.example.com', generic: false },
      ],
    });
    expect(migrateToV2(old).sites).toEqual([{ origin: 'https://crm.example.com', generic: false }]);
  });
});
