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
  // The relay's 409 on_stop_list: its words, and the second confirmation they ask for.
  const [optedOut, setOptedOut] = useState<UiError | null>(null);
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

  // A confirmation is for this text to this number: a change asks again.
  useEffect(() => {
    setCost({ state: 'idle' });
    setOptedOut(null);
  }, [phone, text]);

  // Only a verdict on what is in the field now counts; an older one is still on its way out.
  const phoneCheck = checked && checked.input === phone ? checked.result : null;
  const checkedPhone = phoneCheck?.ok ? phoneCheck : null;
  const canSend = Boolean(checkedPhone) && text.trim().length > 0;

  async function send(event: Event, confirmOptedOut: boolean): Promise<void> {
    if (!checkedPhone || sending || !isUserGesture(event)) return;
    setSending(true);
    setSendError(null);
    const request = { to: e164(checkedPhone), text, contact: { crmId, name: contact.fields.name } };
    const result = await ask('sendMessage', confirmOptedOut ? { ...request, confirmOptedOut: true } : request);
    setSending(false);
    if (!result.ok) {
      if (result.error.code === 'on_stop_list') return void setOptedOut(result.error);
      return void setSendError(result.error);
    }
    setOptedOut(null);
    setSent(true);
    params.onSent?.(result.value);
  }

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
    optedOut,
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
    // Once the relay said the number opted out, only the second confirmation sends this text to it.
    onSend: (event) => void (optedOut || send(event, false)),
    onSendAnyway: (event) => void (optedOut && send(event, true)),
    onClose: params.onClose,
  };
}
