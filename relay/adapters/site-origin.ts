/**
 * A site as the extension sees it (`location.origin`): lower-case host, no default port. The schema
 * already checked the shape, so the URL parser only normalises; what it cannot read is null.
 */
export function normalOrigin(site: string): string | null {
  try {
    const origin = new URL(site).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
