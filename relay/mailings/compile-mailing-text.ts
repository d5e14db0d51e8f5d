import { rejected } from '../domain/errors';
import type { ContactStore } from '../store/contacts';
import { knownMacroTest } from './macros-known';
import { TemplateError, compileTemplate, type CompiledTemplate } from './template';

/** Compiles a mailing's text, or refuses it (rejected: 422) naming the position and the macro that is wrong. */
export function compileMailingText(store: { contacts: ContactStore }, text: string): CompiledTemplate {
  try {
    return compileTemplate(text, knownMacroTest(store));
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw rejected(error.code === 'unknown_macro' ? 'unknown_macro' : 'invalid_template', `Field "text": ${error.message}`, {
      field: 'text',
      messageRu:
        error.code === 'unknown_macro'
          ? `Неизвестный макрос «${error.macro ?? ''}»${error.line ? ` (строка ${error.line}, позиция ${error.column})` : ''}`
          : `Ошибка в шаблоне${error.line ? ` (строка ${error.line}, позиция ${error.column})` : ''}`,
    });
  }
}
