/**
 * Finds a credential in a text the way an attacker reading the text would: in any encoding a request or an
 * echo of it may carry (raw, URL-encoded once or twice, form-encoded, JSON-escaped, base64 or base64url at any
 * of the three byte alignments, i.e. also inside a longer base64 blob; and all of these of its base64 form, as
 * an Authorization header carries it), in any letter case, and also any 8-character piece of one of these
 * (what a cut leaves). Written apart from the relay's scrubber on purpose.
 */

const FRAGMENT = 8;

const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
const formEncoded = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

/** The part of base64(pad + value) that depends on `value` alone, for each of the three pads. */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value);
  return [0, 1, 2].flatMap((pad) => {
    const total = pad + bytes.length;
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((pad * 8) / 6), Math.floor((total * 8) / 6));
    return [core, core.replace(/\+/g, '-').replace(/\//g, '_')];
  });
}

export function encodingsOf(secret: string): Record<string, string> {
  const forms: Record<string, string> = {};
  const base64 = Buffer.from(secret).toString('base64');
  for (const [prefix, value] of [
    ['', secret],
    ['base64, then ', base64],
  ] as const) {
    forms[`${prefix}raw`] = value;
    forms[`${prefix}URL-encoded`] = encodeURIComponent(value);
    forms[`${prefix}form-encoded`] = formEncoded(value);
    forms[`${prefix}URL-encoded twice`] = encodeURIComponent(encodeURIComponent(value));
    forms[`${prefix}form-encoded, then URL-encoded`] = encodeURIComponent(formEncoded(value));
    forms[`${prefix}JSON-escaped`] = JSON.stringify(value).slice(1, -1);
    base64Cores(value).forEach((core, index) => (forms[`${prefix}base64 (alignment ${Math.floor(index / 2)}${index % 2 ? ', url-safe' : ''})`] = core));
  }
  return forms;
}

export interface Trace {
  secret: string;
  form: string;
  /** The piece found, and a little of the text around it. */
  found: string;
  context: string;
}

/** `secrets` by name; returns every place a trace of one shows in `text` (at most one per secret and form). */
export function secretTracer(secrets: Record<string, string>): (text: string) => Trace[] {
  const pieces = new Map<string, { secret: string; form: string }>();
  const whole: { needle: string; secret: string; form: string }[] = [];
  for (const [secret, value] of Object.entries(secrets)) {
    for (const [form, encoded] of Object.entries(encodingsOf(value))) {
      const lower = asciiLower(encoded);
      if (lower.length < FRAGMENT) whole.push({ needle: lower, secret, form });
      for (let i = 0; i + FRAGMENT <= lower.length; i++) {
        const piece = lower.slice(i, i + FRAGMENT);
        if (!pieces.has(piece)) pieces.set(piece, { secret, form });
      }
    }
  }
  return (text) => {
    const lower = asciiLower(text);
    const traces = new Map<string, Trace>();
    const note = (at: number, length: number, secret: string, form: string) => {
      const key = `${secret}/${form}`;
      if (!traces.has(key)) traces.set(key, { secret, form, found: text.slice(at, at + length), context: text.slice(Math.max(0, at - 40), at + length + 40) });
    };
    for (let i = 0; i + FRAGMENT <= lower.length; i++) {
      const hit = pieces.get(lower.slice(i, i + FRAGMENT));
      if (hit) note(i, FRAGMENT, hit.secret, hit.form);
    }
    for (const { needle, secret, form } of whole) {
      const at = lower.indexOf(needle);
      if (at >= 0) note(at, needle.length, secret, form);
    }
    return [...traces.values()];
  };
}
