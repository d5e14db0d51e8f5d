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
