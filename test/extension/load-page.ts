import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import { ADAPTERS } from '../../extension/crm/adapters';
import { detectAdapter, globalMarkersOf } from '../../extension/crm/detect';
import { readContact } from '../../extension/crm/read-contact';
import type { AdapterServices, ContactRead, CrmAdapter } from '../../extension/crm/types';
import type { SiteOverride } from '../../shared/adapter-overrides';
import { findPhonesInText } from '../../extension/services/phone-service';
import { readGlobalPaths } from '../../extension/content/page-globals-protocol';

const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURES_DIR = join(HERE, '..', 'fixtures');
export const REPO_DIR = join(HERE, '..', '..');

export const fixtureHtml = (name: string): string => readFileSync(join(FIXTURES_DIR, name), 'utf8');

/** What the background answers the content script: the real phone finder, Russia as the default country. */
export const services: AdapterServices = {
  findPhonesInText: async (text) => findPhonesInText(text, 'RU'),
};

/** The services with the main-world helper's answers read off a page's window, as in the browser. */
export const servicesFor = (window: Window): AdapterServices => ({
  ...services,
  readPageGlobals: async (paths) => readGlobalPaths(window, paths),
});

export interface LoadedPage {
  window: Window;
  document: Document;
  /** The page's current URL (follows in-page navigation). */
  readonly url: URL;
  /**
   * The adapter that fires on this page; the generic adapter only when enabled (default: disabled). The page-script
   * globals present are those of `globalMarkersOf(ADAPTERS)` set on the window, as the card controller finds them.
   */
  detect(options?: { generic: boolean }): CrmAdapter | null;
  /** Detects, then reads the contact with that adapter (and a site override, if given); null when no adapter fires or it reads no contact. */
  read(options?: { generic: boolean }, override?: SiteOverride | null): Promise<ContactRead | null>;
}

const windows: Window[] = [];

/**
 * A page loaded into its own happy-dom window at `url`, as the content script sees it. Page scripts do
 * not run (fixtures are rendered markup) unless `scripts` is set; nothing external is fetched.
 */
export function loadPage(html: string, url: string, options: { scripts?: boolean } = {}): LoadedPage {
  const window = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: options.scripts ?? false,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
    },
  });
  windows.push(window);
  window.document.write(html);
  const document = window.document as unknown as Document;
  const currentUrl = () => new URL(window.location.href);
  const globals = () => new Set(globalMarkersOf(ADAPTERS).filter((name) => name in window));
  const detect = (opts = { generic: false }) => detectAdapter(ADAPTERS, currentUrl(), document, { ...opts, globals: globals() });
  return {
    window,
    document,
    get url() {
      return currentUrl();
    },
    detect,
    async read(opts = { generic: false }, override = null) {
      const adapter = detect(opts);
      return adapter ? readContact(adapter, document, currentUrl(), servicesFor(window), override) : null;
    },
  };
}

export const loadFixture = (name: string, url: string): LoadedPage => loadPage(fixtureHtml(name), url);

/** Closes every window opened so far (from afterAll). */
export async function closePages(): Promise<void> {
  await Promise.all(windows.splice(0).map((window) => window.happyDOM.close()));
}

/** The pages the tests load, with the URLs they live at. */
export const GUID = {
  classic: '5c3b8f4e-6b1a-4d0e-9f2a-1b7c3d9e0a42',
  freedomRu: '9b2f6d1a-3c4e-4f5a-8b7c-0d1e2f3a4b5c',
  freedomEn: 'e4d3c2b1-a0f9-4e8d-9c7b-6a5f4e3d2c1b',
  account: '0a7e1f6c-2d4b-4c8a-b1e3-5f9d2c7a8b10',
};

export const PAGES = {
  classicContact: ['creatio-classic-contact.html', `https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/edit/${GUID.classic}`],
  freedomRu: ['creatio-freedom-contact-ru.html', `https://crm.example.com/0/Shell/#Card/Contacts_FormPage/edit/${GUID.freedomRu}`],
  freedomEn: ['creatio-freedom-contact-en.html', `https://crm.example.com/0/Shell/#Card/Contacts_FormPage/edit/${GUID.freedomEn}`],
  demoContact: ['demo-contact.html', 'http://127.0.0.1:8787/demo/#/contacts/1'],
  trytonParty: ['tryton-party.html', 'http://127.0.0.1:8000/#crm/model/party.party/1;name=%22Party%22&views=%5Bnull%5D'],
  telLinks: ['generic-tel-links.html', 'https://partners.example.org/people/olga-kuznetsova'],
  microdata: ['generic-microdata.html', 'https://romashka.example/team/maria-sidorova'],
  jsonLd: ['generic-jsonld.html', 'https://clinic.example.kz/doctors/42'],
  hCard: ['generic-hcard.html', 'https://lutik.example/contacts'],
  plainText: ['generic-plain-text.html', 'https://tutors.example.ru/profile/12345'],
  bitrix24Contact: ['bitrix24-contact.html', 'https://romashka.bitrix24.ru/crm/contact/details/12/'],
  bitrix24SliderFrame: ['bitrix24-slider-frame.html', 'https://lutik.bitrix24.com/crm/contact/details/15/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER'],
  amocrmContact: ['amocrm-contact.html', 'https://romashka.amocrm.ru/contacts/detail/5502134'],
  hubspotContact: ['hubspot-contact.html', 'https://app.hubspot.com/contacts/4412345/record/0-1/90211'],
  pipedrivePerson: ['pipedrive-person.html', 'https://lutik.pipedrive.com/person/4242'],
  // Pages where no adapter may fire.
  classicAccount: ['creatio-classic-account.html', `https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/AccountPageV2/edit/${GUID.account}`],
  classicContactList: ['creatio-classic-contact-list.html', 'https://crm.example.com/0/Nui/ViewModule.aspx#SectionModuleV2/ContactSectionV2/'],
  oneMarkerLookalike: ['creatio-lookalike-one-marker.html', `https://wiki.example.org/kb/crm-training#CardModuleV2/ContactPageV2/edit/${GUID.classic}`],
  demoContactList: ['demo-contact-list.html', 'http://127.0.0.1:8787/demo/#/contacts'],
  noPhone: ['generic-no-phone.html', 'https://blog.example.com/2024/03/12/crm-tips'],
  bitrix24ContactList: ['bitrix24-contact-list.html', 'https://lutik.bitrix24.com/crm/contact/list/'],
  bitrix24Deal: ['bitrix24-deal.html', 'https://romashka.bitrix24.ru/crm/deal/details/7/'],
  amocrmLead: ['amocrm-lead.html', 'https://romashka.amocrm.ru/leads/detail/9911'],
  hubspotCompany: ['hubspot-company.html', 'https://app.hubspot.com/contacts/4412345/record/0-2/7001'],
  pipedriveDeal: ['pipedrive-deal.html', 'https://lutik.pipedrive.com/deal/77'],
  pipedriveLookalike: ['pipedrive-lookalike.html', 'https://crm-academy.example/person/12'],
} as const satisfies Record<string, readonly [string, string]>;

export const load = (page: keyof typeof PAGES): LoadedPage => {
  const [fixture, url] = PAGES[page];
  return loadFixture(fixture, url);
};

/** A provenance string names the page layout and the selector / label that found the value. */
export function expectSource(source: string | null | undefined, ...parts: string[]): void {
  if (typeof source !== 'string') throw new Error(`expected a provenance naming ${parts.map((p) => JSON.stringify(p)).join(', ')}, got ${String(source)}`);
  for (const part of parts) if (!source.includes(part)) throw new Error(`provenance ${JSON.stringify(source)} does not name ${JSON.stringify(part)}`);
}
