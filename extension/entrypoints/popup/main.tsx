import { render } from 'preact';
import { Refused } from '../../ui/components/Refused';
import { openedByExtension } from '../../ui/page-guard';
import { PopupApp } from '../../ui/popup/PopupApp';
import '../../ui/extension-page.css';
import '../../ui/mailings.css';

render(openedByExtension() ? <PopupApp /> : <Refused />, document.getElementById('app')!);
