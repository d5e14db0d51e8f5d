import { render } from 'preact';
import { Refused } from '../../ui/components/Refused';
import { admitFrame } from '../../ui/in-page/admit-frame';
import { InPageApp } from '../../ui/in-page/InPageApp';
import dialogCss from '../../ui/in-page.css?inline';
import pageCss from '../../ui/extension-page.css?inline';
import mailingsCss from '../../ui/mailings.css?inline';

/**
 * The extension's page inside CRM pages (the only web-accessible one): the send dialog, a contact's
 * sent list or the mailings drawer, as its one-time ticket says. Without a valid ticket it shows nothing.
 */
const STYLES = { dialog: [dialogCss], sent: [dialogCss], mailings: [pageCss, mailingsCss] } as const;

const ticket = location.hash.slice(1);
// The address keeps no ticket (and the mailings view routes by the hash).
history.replaceState(null, '', location.pathname);
const root = document.getElementById('app')!;
void admitFrame(ticket).then((grant) => {
  if (!grant) return render(<Refused />, root);
  for (const css of STYLES[grant.view.kind]) document.head.append(Object.assign(document.createElement('style'), { textContent: css }));
  document.body.classList.add(`in-page-${grant.view.kind}`);
  render(<InPageApp grant={grant} ticket={ticket} />, root);
});
