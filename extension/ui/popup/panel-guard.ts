import { settingsItem, siteFor } from '../../settings/settings';

/**
 * The mailings page may be framed (the in-page drawer) only by a CRM site the user enabled. Chromium
 * says who frames a page (location.ancestorOrigins); Firefox does not, but there the extension's
 * address is random per installation, so no other page can know it.
 */
export async function framedByEnabledSite(): Promise<boolean> {
  if (window.top === window) return true;
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (!ancestors || ancestors.length === 0) return true;
  const settings = await settingsItem.getValue();
  return Array.from({ length: ancestors.length }, (_, i) => ancestors.item(i)!).every((origin) => siteFor(settings, origin) !== undefined);
}
