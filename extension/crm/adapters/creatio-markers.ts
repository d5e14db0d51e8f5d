/** Creatio (and BPMSoft) shell markers: a page with two of them is Creatio. */
export const CREATIO_MARKERS = [
  '#ShellContainerWithBackground',
  'mainshell, #mainshell',
  'crt-schema-outlet',
  'crt-app-toolbar',
  '[data-item-marker="AppToolbarGlobalSearch"]',
  '[id*="Terrasoft"], [id*="BPMSoft"]',
  'script[src*="terrasoft" i], link[href*="terrasoft" i], script[src*="creatio" i], link[href*="creatio" i]',
];

/**
 * Page-script globals every Creatio page has: the Classic client runs on the `Terrasoft` namespace (BPMSoft, the
 * Russian derivative, renames it), and Freedom UI remote modules read `window.Terrasoft.SysValue` too.
 */
export const CREATIO_GLOBAL_MARKERS = ['Terrasoft', 'BPMSoft'];

/** The signed-in user is not in Creatio's DOM; page scripts have it (BPMSoft is the Russian derivative). */
export const CURRENT_USER_GLOBALS = ['Terrasoft.SysValue.CURRENT_USER_CONTACT.displayValue', 'BPMSoft.SysValue.CURRENT_USER_CONTACT.displayValue'];
