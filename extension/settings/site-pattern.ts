import { sitePattern } from './settings';

/** The match pattern for a site in this build's browser (see sitePattern). */
export const browserSitePattern = (origin: string): string => sitePattern(origin, !import.meta.env.FIREFOX);
