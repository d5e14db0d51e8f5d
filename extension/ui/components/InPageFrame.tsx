interface Props {
  /** Which frame: its class is crm-sms-frame-<name>. */
  name: 'dialog' | 'sent' | 'mailings';
  src: string | null;
  title: string;
  height?: number;
  /** Take the focus once loaded (the dialog: the user types at once). */
  focus?: boolean;
}

/** A frame of the extension's own page inside the CRM page: what it shows, the page cannot read or touch. */
export function InPageFrame({ name, src, title, height, focus }: Props) {
  if (!src) return null;
  return (
    <iframe
      class={`crm-sms-frame crm-sms-frame-${name}`}
      src={src}
      title={title}
      style={height === undefined ? undefined : { height: `${height}px` }}
      onLoad={focus ? (event) => (event.currentTarget as HTMLIFrameElement).focus() : undefined}
    />
  );
}
