import { creatioClassicAdapter } from './creatio-classic';
import { creatioFreedomAdapter } from './creatio-freedom';
import { demoAdapter } from './demo';
import { genericAdapter } from './generic';

/** Every CRM adapter, most specific first; the generic one last and only where enabled. */
export const ADAPTERS = [demoAdapter, creatioClassicAdapter, creatioFreedomAdapter, genericAdapter];
