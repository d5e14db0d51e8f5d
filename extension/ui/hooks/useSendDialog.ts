import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CostView, MessageView } from '../../../shared/api';
import { countSegments } from '../../../shared/segments';
import { missingForDialog } from '../../crm/read-contact';
import type { ContactRead } from '../../crm/types';
import type { Language } from '../../i18n/texts';
import { ask } from '../../messaging/client';
import type { PhoneCheck, UiError } from '../../messaging/protocol';
import type { SendDialogProps } from '../components/SendDialog';
import { isUserGesture } from '../user-gesture';

const TYPE_LABELS: Record<string, { ru: string; en: string }> = {
  mobile: { ru: 'мобильный', en: 'mobile' },
  work: { ru: 'рабочий', en: 'work' },
  home: { ru: 'домашний', en: 'home' },
  other: { ru: 'другой', en: 'other' },
};

/**
 * The number as the relay must get it: with its '+'. Bare digits are read in the relay's default
 * country, where +375 29 123-45-67 becomes a Russian number «слишком длинный».
 */
const e164 = (check: { digits: string }) => `+${check.digits}`;

/** All state and I/O of the send dialog; the component only draws it. */
export function useSendDialog(params: {
  contact: ContactRead;
  crmId: string;
  language: Language;
  onSent?(message: MessageView): void;
  onClose(): void;
}): Omit<SendDialogProps, 'language'> & { sent: boolean } {
  const { contact, crmId, language } = params;
  const phoneOptions = useMemo(
    () =>
      [...contact.phones]
        .sort((a, b) => Number(b.type === 'mobile') - Number(a.type === 'mobile'))
        .filter((p, index, all) => all.findIndex((other) => other.number === p.number) === index)
        .map((p) => ({ number: p.number, kind: TYPE_LABELS[p.type]![language] })),
    [contact, language],
  );
  const [phone, setPhone] = useState(phoneOptions[0]?.number ?? '');
  const [checked, setChecked] = useState<{ input: string; result: PhoneCheck } | null>(null);
  const [text, setText] = useState('');
  const [cost, setCost] = useState<SendDialogProps['cost']>({ state: 'idle' });
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<UiError | null>(null);
  const [sent, setSent] = useState(false);
  const segments = useMemo(() => countSegments(text), [text]);
  // "Do not SMS" unknown has its own line in the dialog; this one names what identifies and reaches the contact.
  const notRead = useMemo(() => missingForDialog(contact).filter((field) => field !== 'doNotUseSms'), [contact]);

  useEffect(() => {
    if (!phone.trim()) return;
    const timer = setTimeout(async () => {
      const result = await ask('checkPhone', { input: phone });
      if (result.ok) setChecked({ input: phone, result: result.value });
    }, 120);
    return () => clearTimeout(timer);
  }, [phone]);

  useEffect(() => setCost({ state: 'idle' }), [phone, text]);

  // Only a verdict on what is in the field now counts; an older one is still on its way out.
  const phoneCheck = checked && checked.input === phone ? checked.result : null;
  const checkedPhone = phoneCheck?.ok ? phoneCheck : null;
  const canSend = Boolean(checkedPhone) && text.trim().length > 0;

  return {
    // A contact whose name was not read is still a contact: its record id says which.
    contactName: contact.fields.name || contact.recordId,
    notRead,
    doNotUseSms: contact.doNotUseSms,
    phoneOptions,
    phone,
    phoneCheck,
    text,
    segments,
    cost,
    sending,
    sendError,
    canSend,
    sent,
    onPhoneChange: (value) => {
      setPhone(value);
      setSendError(null);
    },
    onTextChange: (value) => {
      setText(value);
      setSendError(null);
    },
    async onCost(event) {
      if (!checkedPhone || !isUserGesture(event)) return;
      setCost({ state: 'loading' });
      const result = await ask('cost', { to: e164(checkedPhone), text });
      if (result.ok) setCost({ state: 'done', value: result.value as CostView });
      else setCost(result.error.code === 'not_supported' ? { state: 'unsupported' } : { state: 'error', error: result.error });
    },
    async onSend(event) {
      if (!checkedPhone || sending || !isUserGesture(event)) return;
      setSending(true);
      setSendError(null);
      const result = await ask('sendMessage', { to: e164(checkedPhone), text, contact: { crmId, name: contact.fields.name } });
      setSending(false);
      if (!result.ok) return void setSendError(result.error);
      setSent(true);
      params.onSent?.(result.value);
    },
    onClose: params.onClose,
  };
}
