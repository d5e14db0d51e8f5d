import { render } from 'preact';
import { browser } from 'wxt/browser';
import { translate } from '../../i18n/texts';
import { ServiceChecks } from '../../ui/components/ServiceChecks';
import { useLanguage } from '../../ui/hooks/useLanguage';
import { useRelayChecks } from '../../ui/hooks/useRelayChecks';
import '../../ui/extension-page.css';

function Popup() {
  const language = useLanguage();
  const checks = useRelayChecks();
  return (
    <main>
      <h1>CRM SMS</h1>
      <ServiceChecks
        language={language}
        connection={checks.connection}
        balance={checks.balance}
        onCheckConnection={() => void checks.checkConnection()}
        onCheckBalance={() => void checks.checkBalance()}
      />
      <p>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>{translate(language, 'openOptions')}</button>
      </p>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
