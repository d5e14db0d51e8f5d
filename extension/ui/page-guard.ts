/**
 * The popup and the options page act only where the extension opened them: a top-level page no site
 * opened (window.open leaves an opener) or frames. Browsers already refuse to let a site frame or open
 * them (they are not web-accessible); this is the page's own check besides.
 */
export const openedByExtension = (): boolean => window.top === window && window.opener === null;
