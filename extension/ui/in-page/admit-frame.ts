import { ask } from '../../messaging/client';
import type { FrameGrant } from '../../messaging/frame-protocol';
import { siteFor } from '../../settings/settings';
import { settingsItem } from '../../settings/settings-item';

/** Who frames this page, nearest first, where the browser says (Chromium: location.ancestorOrigins). */
const ancestorOrigins = (): string[] | null => {
  const list = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  return list ? Array.from({ length: list.length }, (_, i) => list.item(i)!) : null;
};

/**
 * What this frame may show, or null. It must be a frame (not a tab or a window a site opened), and its
 * ticket must be one the background gave the content script of an enabled site in this tab, unused
 * and fresh. Where the browser tells who frames the page, every ancestor must be an enabled site's exact
 * origin and the nearest one the origin that asked for the ticket.
 */
export async function admitFrame(ticket: string): Promise<FrameGrant | null> {
  if (!ticket || window.top === window || window.opener !== null) return null;
  const ancestors = ancestorOrigins();
  if (ancestors) {
    const settings = await settingsItem.getValue();
    if (ancestors.length === 0 || !ancestors.every((origin) => siteFor(settings, origin))) return null;
  }
  const grant = await ask('redeemFrame', { ticket });
  if (!grant.ok) return null;
  return !ancestors || ancestors[0] === grant.value.origin ? grant.value : null;
}
