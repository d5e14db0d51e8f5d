import { useMemo } from 'preact/hooks';
import { canDo, showsAnalytics } from '../../../shared/lifecycle';
import type { MailingView } from '../../../shared/mailings';
import { countSegments } from '../../../shared/segments';
import { translateMailing, type Language } from '../../i18n/texts';
import { ContactPicker } from '../components/mailings/ContactPicker';
import { LaunchDialog } from '../components/mailings/LaunchDialog';
import { MailingForm } from '../components/mailings/MailingForm';
import { MessageEditor } from '../components/mailings/MessageEditor';
import { PreviewModal } from '../components/mailings/PreviewModal';
import { useContactSearch } from '../hooks/mailings/useContactSearch';
import { useCurrentUser } from '../hooks/mailings/useCurrentUser';
import { useLaunch } from '../hooks/mailings/useLaunch';
import { useMacros } from '../hooks/mailings/useMacros';
import { useMailingEditor } from '../hooks/mailings/useMailingEditor';
import { usePreview } from '../hooks/mailings/usePreview';
import { useTextLengths } from '../hooks/mailings/useTextLengths';
import { AnalyticsRoot } from './AnalyticsRoot';
import { AudienceRoot } from './AudienceRoot';

interface Props {
  language: Language;
  id: string | null;
  onBack(): void;
  /** A new mailing got its id on the relay. */
  onCreated(id: string): void;
}

/** The mailing card: form, message check, audience, launch and analytics, each from its hook. */
export function MailingRoot({ language, id, onBack, onCreated }: Props) {
  const user = useCurrentUser();
  const editor = useMailingEditor(id, user);
  const macros = useMacros(language);
  const ensureSaved = async (): Promise<MailingView | null> => {
    const saved = await editor.ensureSaved();
    if (saved && !id) onCreated(saved.id);
    return saved;
  };
  const preview = usePreview(ensureSaved);
  const previewSearch = useContactSearch(preview.state.step === 'pick');
  const launch = useLaunch(ensureSaved, editor.replace, translateMailing(language, 'emptyMacroNameWord'));
  const segments = useMemo(() => countSegments(editor.draft.text), [editor.draft.text]);
  const textEditable = editor.editable !== 'none';
  const rendered = useTextLengths(textEditable ? (editor.mailing?.id ?? null) : null, editor.draft.text, editor.mailing?.updatedAt);
  const mailing = editor.mailing;

  return (
    <section class="mailing" data-crm-sms="mailing" data-id={mailing?.id ?? ''}>
      <header class="section-head">
        <button type="button" class="link" data-crm-sms="back" onClick={onBack}>
          {translateMailing(language, 'backToMailings')}
        </button>
        <h2>{mailing?.name || translateMailing(language, 'newMailing')}</h2>
      </header>
      {/* Once launched, what matters first is how it goes. */}
      {mailing && showsAnalytics(mailing.status) && <AnalyticsRoot language={language} mailing={mailing} onMailing={editor.replace} />}
      <MailingForm
        language={language}
        draft={editor.draft}
        errors={editor.errors}
        error={editor.error}
        editable={editor.editable}
        saving={editor.saving}
        saved={editor.saved}
        onChange={editor.change}
        onSave={() => void ensureSaved()}
        onCheck={() => void preview.open()}
        editor={
          <MessageEditor
            language={language}
            text={editor.draft.text}
            segments={segments}
            rendered={textEditable ? rendered : undefined}
            error={editor.errors.text}
            disabled={editor.editable === 'none'}
            onChange={(text) => editor.change({ text })}
            picker={{ ...macros, onShow: () => void macros.show(), onHide: macros.hide, onQuery: macros.setQuery }}
          />
        }
      />
      <AudienceRoot language={language} mailing={mailing} onMailing={editor.replace} />
      {(!mailing || canDo(mailing.status, 'launch')) && (
        <div class="row launch-row">
          <button type="button" class="primary" data-crm-sms="launch" onClick={(event) => void launch.open(event)}>
            {translateMailing(language, 'launch')}
          </button>
        </div>
      )}
      {preview.state.step !== 'closed' && (
        <PreviewModal
          language={language}
          state={preview.state}
          onAgain={preview.again}
          onClose={preview.close}
          picker={<ContactPicker language={language} name="preview-picker" search={previewSearch} onPick={(c) => void preview.pick(c)} />}
        />
      )}
      {launch.state.step !== 'closed' && (
        <LaunchDialog
          language={language}
          state={launch.state}
          onConfirm={(event) => void launch.confirm(event)}
          onClose={launch.close}
          onSkipEmptyMacros={(event, skip) => void launch.setSkipEmptyMacros(event, skip)}
          onDefault={launch.setDefault}
          onApplyDefaults={(event) => void launch.applyDefaults(event)}
        />
      )}
    </section>
  );
}
