import { amocrmAdapter } from './amocrm';
import { bitrix24Adapter } from './bitrix24';
import { creatioClassicAdapter } from './creatio-classic';
import { creatioFreedomAdapter } from './creatio-freedom';
import { demoAdapter } from './demo';
import { genericAdapter } from './generic';
import { hubspotAdapter } from './hubspot';
import { pipedriveAdapter } from './pipedrive';
import { trytonAdapter } from './tryton';

/** Every CRM adapter, most specific first; the generic one last and only where enabled. */
export const ADAPTERS = [
  demoAdapter,
  creatioClassicAdapter,
  creatioFreedomAdapter,
  bitrix24Adapter,
  amocrmAdapter,
  hubspotAdapter,
  pipedriveAdapter,
  trytonAdapter,
  genericAdapter,
];
