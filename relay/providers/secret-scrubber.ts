/**
 * Takes every trace of a provider's credentials out of a text. A provider, or a proxy in front of it, may
 * echo the request back in any encoding the request used or a careless error page applies, so a credential
 * is looked for as itself, URL-encoded (also twice, and form-encoded with '+' for spaces), JSON-escaped, and
 * base64 or base64url at each of the three byte alignments (so also inside a longer base64 blob), each of
 * these also of its base64 form (an `Authorization: Basic` header, and an echo of it base64-encoded again), in
 * any letter case.
 */
export interface SecretScrubber {
  /**
   * For words: every run that matches any 8 characters of one of the forms goes, so a credential the provider
   * cut short, or one split across a cut, goes too. Credentials shorter than that go where they appear whole.
   */
  text(text: string): string;
  /** For identifiers, which nobody cuts: only whole forms go, so an id that shares a few characters with a credential stays intact. */
  identifier(text: string): string;
}

export const REDACTED = '***';

/** Shorter values are not treated as secrets: scrubbing them would garble ordinary words. */
const MIN_SECRET = 4;
/** A match of this many characters of a credential's form counts as a trace of it. */
const PIECE = 8;

const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
const formEncoded = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

/** The characters of base64(pad + value) that depend on `value` alone, for each of the three pads; plain and url-safe. */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value);
  return [0, 1, 2].flatMap((pad) => {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((pad * 8) / 6), Math.floor(((pad + bytes.length) * 8) / 6));
    return [core, core.replace(/\+/g, '-').replace(/\//g, '_')];
  });
}

/**
 * A credential as itself and base64-encoded (as an `Authorization: Basic` header carries "user:password"),
 * each also URL-, form- and JSON-encoded and inside base64 at every alignment (an echo of the whole request,
 * header included, base64-encoded).
 */
function formsOf(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64')].flatMap((value) => {
    const whole = [
      value,
      encodeURIComponent(value),
      formEncoded(value),
      encodeURIComponent(encodeURIComponent(value)),
      encodeURIComponent(formEncoded(value)),
      JSON.stringify(value).slice(1, -1),
    ];
    // A core shorter than a piece would match unrelated base64 (and words).
    const cores = base64Cores(value).filter((core) => core.length >= PIECE);
    return [...whole, ...cores].map(asciiLower);
  });
}

/** Builds the scrubber for one provider's configured credentials (absent ones are skipped), once. */
export function secretScrubber(credentials: readonly (string | undefined)[]): SecretScrubber {
  const secrets = credentials.filter((value): value is string => typeof value === 'string' && value.length >= MIN_SECRET);
  if (secrets.length === 0) return { text: (text) => text, identifier: (text) => text };
  const forms = [...new Set(secrets.flatMap(formsOf))];
  const pieces = new Set<string>();
  for (const form of forms) {
    for (let at = 0; at + PIECE <= form.length; at++) pieces.add(form.slice(at, at + PIECE));
  }
  const shortForms = forms.filter((form) => form.length < PIECE);

  /** Marks where `forms` occur whole in `lower`. */
  const markWhole = (lower: string, secret: Uint8Array, wholeForms: string[]) => {
    for (const form of wholeForms) {
      for (let at = lower.indexOf(form); at >= 0; at = lower.indexOf(form, at + 1)) secret.fill(1, at, at + form.length);
    }
  };

  return {
    text(text) {
      const lower = asciiLower(text);
      const secret = new Uint8Array(text.length);
      for (let at = 0; at + PIECE <= lower.length; at++) {
        if (pieces.has(lower.slice(at, at + PIECE))) secret.fill(1, at, at + PIECE);
      }
      markWhole(lower, secret, shortForms);
      return redacted(text, secret);
    },
    identifier(text) {
      const secret = new Uint8Array(text.length);
      markWhole(asciiLower(text), secret, forms);
      return redacted(text, secret);
    },
  };
}

/** `text` with each run of marked characters replaced by one REDACTED. */
function redacted(text: string, secret: Uint8Array): string {
  if (!secret.includes(1)) return text;
  let clean = '';
  for (let at = 0; at < text.length; at++) {
    if (!secret[at]) clean += text[at];
    else if (!secret[at - 1]) clean += REDACTED;
  }
  return clean;
}
