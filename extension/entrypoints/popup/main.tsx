import { render } from 'preact';
import { PopupApp } from '../../ui/popup/PopupApp';
import { framedByEnabledSite } from '../../ui/popup/panel-guard';
import '../../ui/extension-page.css';
import '../../ui/mailings.css';

const root = document.getElementById('app')!;
void framedByEnabledSite().then((allowed) => {
  render(allowed ? <PopupApp /> : <p class="error">CRM SMS: this site is not enabled in the extension settings.</p>, root);
});
