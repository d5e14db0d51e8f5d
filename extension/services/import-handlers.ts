import { hc } from 'hono/client';
import type { AppType } from '../../relay/app';
import type { ErrorBody } from '../../shared/api';
import type { ContactImportProgress, ContactImportReport, ImportProtocol } from '../messaging/import-protocol';
import type { Result, UiError } from '../messaging/protocol';
import { relayTargetOf, type Settings } from '../settings/settings';
import type { Sender } from './background-handlers';
import { crmSiteOf } from './crm-site';
import { CRM_SITE_HEADER } from './relay-client';

type Handlers = {
  [K in keyof ImportProtocol]: (payload: ImportProtocol[K]['request'], sender?: Sender) => Promise<Result<ImportProtocol[K]['response']>>;
};

/** The refused rows handed on to the page: enough to see what is wrong, not 100,000 lines. */
export const MAX_REFUSED_LISTED = 200;

/** No line from the relay for this long: the import is given up (the relay sends progress every 200 ms while it checks). */
const IDLE_MS = 120_000;

const fail = (code: string, message: string, messageRu: string): { ok: false; error: UiError } => ({ ok: false, error: { code, message, messageRu } });

const NO_TOKEN = fail('no_token', 'No access token: paste yours in the extension options', 'Не указан токен доступа: укажите его в настройках расширения');
const BAD_REQUEST = fail('invalid_request', "An import needs an id and the file's text", 'Для импорта нужны идентификатор и текст файла');
const unreachable = (url: string, detail: string, detailRu: string) =>
  fail(
    'relay_unreachable',
    `The CRM SMS relay at ${url} cannot be reached (${detail}). Check that it is running and the address in the extension options`,
    `Сервер CRM SMS по адресу ${url} недоступен (${detailRu}). Проверьте, что он запущен, и адрес в настройках расширения`,
  );

/** A refusal before the relay began the import (auth, role, size): its JSON error in both languages where it has them. */
function refusal(status: number, text: string): { ok: false; error: UiError } {
  let error: ErrorBody['error'] | undefined;
  try {
    error = (JSON.parse(text) as ErrorBody).error;
  } catch {
    error = undefined;
  }
  if (status === 413) {
    return fail(
      'payload_too_large',
      error?.message ?? 'The file is larger than the relay accepts',
      'Файл больше, чем принимает сервер CRM SMS: разделите его на несколько файлов',
    );
  }
  const message = error?.message ?? `The relay answered HTTP ${status}`;
  return {
    ok: false,
    error: { code: error?.code ?? `http_${status}`, message, messageRu: error?.messageRu ?? message, ...(error?.field ? { field: error.field } : {}) },
  };
}

type Line = { progress: ContactImportProgress } | { result: Omit<ContactImportReport, 'refusedCount'> } | ErrorBody;

const reportOf = (result: Omit<ContactImportReport, 'refusedCount'>): ContactImportReport => ({
  ...result,
  refusedCount: result.refused.length,
  refused: result.refused.slice(0, MAX_REFUSED_LISTED),
});

/**
 * The mailings page's CSV import: the background sends the file to the relay (the token never
 * leaves it) and reads the relay's NDJSON answer — progress lines, then the result — keeping how far
 * each import is for the page to ask.
 */
/** The route's address from the typed client (the file goes as the raw body, the answer is read as NDJSON). */
const importUrl = (relayUrl: string, dryRun: boolean) =>
  hc<AppType>(relayUrl)
    .api.contacts.import.$url({ query: { dryRun: String(dryRun) as 'true' | 'false', progress: 'true' } })
    .toString();

export function createImportHandlers(deps: { settings: () => Promise<Settings>; fetch?: typeof fetch; idleMs?: number }): Handlers {
  const running = new Map<string, ContactImportProgress>();
  const fetchRelay = deps.fetch ?? ((input, init) => fetch(input, init));

  async function run(importId: string, csv: string, dryRun: boolean, site: string | null): Promise<Result<ContactImportReport>> {
    const { relayUrl, token } = relayTargetOf(await deps.settings());
    if (!token) return NO_TOKEN;
    const controller = new AbortController();
    let idle: ReturnType<typeof setTimeout> | undefined;
    const stillThere = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), deps.idleMs ?? IDLE_MS);
    };
    stillThere();
    try {
      const response = await fetchRelay(importUrl(relayUrl, dryRun), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8', ...(site ? { [CRM_SITE_HEADER]: site } : {}) },
        body: csv,
        signal: controller.signal,
      });
      if (!response.ok || !response.body) return refusal(response.status, await response.text());
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (;;) {
        const { done, value } = await reader.read();
        stillThere();
        buffered += value ?? '';
        const lines = buffered.split('\n');
        buffered = done ? '' : lines.pop()!;
        for (const text of lines) {
          if (!text.trim()) continue;
          const line = JSON.parse(text) as Line;
          if ('progress' in line) running.set(importId, line.progress);
          else if ('result' in line) return { ok: true, value: reportOf(line.result) };
          else return refusal(200, text);
        }
        if (done) return unreachable(relayUrl, 'the answer ended early', 'ответ оборвался');
      }
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'AbortError')
        return unreachable(relayUrl, `no answer for ${Math.round((deps.idleMs ?? IDLE_MS) / 1000)} s`, `нет ответа ${Math.round((deps.idleMs ?? IDLE_MS) / 1000)} с`);
      if (name === 'SyntaxError') return unreachable(relayUrl, 'not a CRM SMS relay answer', 'ответ не от сервера CRM SMS');
      return unreachable(relayUrl, 'connection failed', 'нет соединения');
    } finally {
      clearTimeout(idle);
      controller.abort();
    }
  }

  return {
    async importContactsCsv({ importId, csv, dryRun }, sender) {
      if (typeof importId !== 'string' || !importId || importId.length > 100 || typeof csv !== 'string') return BAD_REQUEST;
      running.set(importId, { phase: 'send' });
      try {
        return await run(importId, csv, dryRun === true, crmSiteOf(sender));
      } finally {
        running.delete(importId);
      }
    },
    importProgress: async ({ importId }) => ({ ok: true, value: running.get(importId) ?? null }),
  };
}
