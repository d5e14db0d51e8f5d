import { render } from 'preact';
import { ADAPTERS } from '../../crm/adapters';
import { translate } from '../../i18n/texts';
import { relaySite } from '../../settings/settings';
import { OptionsForm } from '../../ui/components/OptionsForm';
import { ReadingHealth } from '../../ui/components/ReadingHealth';
import { Refused } from '../../ui/components/Refused';
import { ServiceChecks } from '../../ui/components/ServiceChecks';
import { SitesEditor } from '../../ui/components/SitesEditor';
import { useLanguage } from '../../ui/hooks/useLanguage';
import { useReadingHealth } from '../../ui/hooks/useReadingHealth';
import { useRelayChecks } from '../../ui/hooks/useRelayChecks';
import { useSettingsForm } from '../../ui/hooks/useSettingsForm';
import { openedByExtension } from '../../ui/page-guard';
import '../../ui/extension-page.css';

function OptionsPage() {
  const language = useLanguage();
  const form = useSettingsForm();
  const checks = useRelayChecks();
  const reading = useReadingHealth();
  if (!form.settings) return null;
  return (
    <main>
      <h1>{translate(language, 'optionsTitle')}</h1>
      <OptionsForm language={language} settings={form.settings} saved={form.savedAt > 0} unsaved={form.unsaved} onChange={form.update} onSave={() => void form.save()} />
      <ServiceChecks
        language={language}
        connection={checks.connection}
        connectionLabel={translate(language, 'checkConnection')}
        onCheckConnection={() => void checks.testConnection(form.typedTarget())}
      />
      <SitesEditor
        language={language}
        relayOrigin={relaySite(form.settings)?.origin ?? null}
        sites={form.settings.sites}
        error={form.siteError}
        onAdd={form.addSite}
        onRemove={(origin) => void form.removeSite(origin)}
        onToggleGeneric={(origin, generic) => void form.toggleGeneric(origin, generic)}
      />
      <ReadingHealth
        language={language}
        health={reading.health}
        adapterName={(id) => ADAPTERS.find((adapter) => adapter.id === id)?.name ?? id}
        onReload={() => void reading.reload()}
      />
    </main>
  );
}

render(openedByExtension() ? <OptionsPage /> : <Refused />, document.getElementById('app')!);
