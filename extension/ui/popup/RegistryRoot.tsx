import { translateMailing, type Language } from '../../i18n/texts';
import { ContactImport } from '../components/mailings/ContactImport';
import { MailingList } from '../components/mailings/MailingList';
import { PageImport } from '../components/mailings/PageImport';
import { ServiceChecks } from '../components/ServiceChecks';
import { useContactImport } from '../hooks/mailings/useContactImport';
import { useMailingsList } from '../hooks/mailings/useMailingsList';
import { usePageImport } from '../hooks/mailings/usePageImport';
import { isInPanel } from '../hooks/usePageMode';
import { useRelayChecks } from '../hooks/useRelayChecks';
import { TeachPage } from './TeachPage';
import { useTeachPage } from './use-teach-page';

/** The section's main page: «Проверка доступности сервера», «Проверка баланса», the page import, the CSV import, «Настроить чтение страницы», the registry, the way to the «Стоп-лист». */
export function RegistryRoot({ language, onOpen, onStopList }: { language: Language; onOpen(id: string | null): void; onStopList(): void }) {
  const checks = useRelayChecks();
  const list = useMailingsList();
  const pageImport = usePageImport();
  const csvImport = useContactImport();
  const teach = useTeachPage();
  return (
    <>
      <ServiceChecks
        language={language}
        connection={checks.connection}
        balance={checks.balance}
        onCheckConnection={() => void checks.checkConnection()}
        onCheckBalance={() => void checks.checkBalance()}
      />
      <PageImport language={language} state={pageImport.state} onRun={() => void pageImport.run()} />
      <ContactImport
        language={language}
        state={csvImport.state}
        onPick={(file) => void csvImport.pick(file)}
        onImport={() => void csvImport.importChecked()}
        onReset={csvImport.reset}
      />
      {/* In the drawer of a CRM page the panel would open under the drawer: the popup's alone. */}
      {!isInPanel() && <TeachPage language={language} state={teach.state} onStart={() => void teach.start()} />}
      <MailingList language={language} mailings={list.mailings} error={list.error} onOpen={onOpen} onAdd={() => onOpen(null)} />
      <div class="row">
        <button type="button" class="link" data-crm-sms="open-stop-list" onClick={onStopList}>
          {translateMailing(language, 'openStopList')}
        </button>
      </div>
    </>
  );
}
