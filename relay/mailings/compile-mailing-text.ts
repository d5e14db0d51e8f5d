import { ApiError } from '../api-error';
import type { Store } from '../store/store';
import { knownMacroTest } from './macros-known';
import { TemplateError, compileTemplate, type CompiledTemplate } from './template';

/** Compiles a mailing's text, or answers 422 with the position and the macro that is wrong. */
export function compileMailingText(store: Store, text: string): CompiledTemplate {
  try {
    return compileTemplate(text, knownMacroTest(store));
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new ApiError(422, error.code === 'unknown_macro' ? 'unknown_macro' : 'invalid_template', `Field "text": ${error.message}`, {
      field: 'text',
      messageRu: error.code === 'unknown_macro'
        ? `Неизвестный макрос «${error.macro ?? ''}»${error.line ? ` (строка ${error.line}, позиция ${error.column})` : ''}`
        : `Ошибка в шаблоне${error.line ? ` (строка ${error.line}, позиция ${error.column})` : ''}`,
    });
  }
}
