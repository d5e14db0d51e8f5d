import { render } from 'preact';
import { PopupApp } from '../../ui/popup/PopupApp';
import '../../ui/extension-page.css';
import '../../ui/mailings.css';

render(<PopupApp />, document.getElementById('app')!);
