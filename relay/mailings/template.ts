/** Message templates (S6): Handlebars, checked against the macro catalogue before they are used. */

import Handlebars from 'handlebars';
import type { TemplateContext } from '../../shared/macros';

type AstNode = hbs.AST.Node;
type PathExpression = hbs.AST.PathExpression;
type HelperCall = hbs.AST.MustacheStatement | hbs.AST.SubExpression;

export type TemplateErrorCode = 'syntax' | 'unknown_macro' | 'unknown_helper';

/** Lines and columns count from 1, as an editor shows them (Handlebars' own columns count from 0). */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly line?: number;
  readonly column?: number;
  /** The macro or helper the error is about, as written in the template. */
  readonly macro?: string;

  constructor(
    readonly code: TemplateErrorCode,
    message: string,
    where: { line?: number; column?: number; macro?: string } = {},
  ) {
    super(message);
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
    if (where.macro !== undefined) this.macro = where.macro;
  }
}

export interface CompiledTemplate {
  render(context: TemplateContext): string;
  /** The macros the template uses, each once, in the order they first appear. */
  macros: string[];
  /** The template's own text, its macros left out: what every message of it has. */
  literalText: string;
  /**
   * The macros that put nothing into this recipient's text («Здравствуйте, !»), each once. A `default`
   * with a written fallback never counts; one whose fallback is another empty macro names the first.
   */
  emptyMacros(context: TemplateContext): string[];
  /** The text as `render` gives it, in pieces, with the place of each empty macro marked. */
  renderMarked(context: TemplateContext): TextPiece[];
  /**
   * False when `text`, rendered by this template, surely has no empty macro: an empty one leaves the
   * texts on both its sides touching. Cheap, to spare most recipients the look at their values.
   */
  mayHaveEmptyMacro(text: string): boolean;
}

export type TextPiece = { text: string } | { emptyMacro: string };

const DEFAULT_HELPER = 'default';
const DEFAULT_EXAMPLE = '{{default contact.firstName "клиент"}}';

const handlebars = Handlebars.create();
handlebars.registerHelper(DEFAULT_HELPER, (value: unknown, fallback: unknown) => (isBlank(value) ? fallback : value));

const COMPILE_OPTIONS = {
  noEscape: true,
  strict: false,
  knownHelpersOnly: true,
  knownHelpers: { [DEFAULT_HELPER]: true },
};

const EMPTY_CONTEXT: TemplateContext = {
  contact: { name: '', firstName: '', lastName: '', middleName: '', phone: '', email: '', city: '', fields: {} },
  account: { name: '' },
  owner: { name: '' },
  mailing: { name: '' },
};

export function compileTemplate(source: string, isKnownMacro: (path: string) => boolean): CompiledTemplate {
  const program = parseTemplate(source);
  const macros = new MacroCheck(isKnownMacro).macrosOf(program);
  const template = handlebars.compile<TemplateContext>(source, COMPILE_OPTIONS);
  try {
    // Handlebars compiles on first use: doing it now makes a failure show here, not in the middle of a mailing.
    template(EMPTY_CONTEXT);
  } catch (error) {
    throw compileFailure(error);
  }
  const pieces = piecesOf(program);
  const slots = pieces.filter((p): p is MacroSlot => typeof p !== 'string' && p.macro !== null);
  const traces = slots.map((slot) => traceOf(pieces, pieces.indexOf(slot)));
  return {
    render: (context) => template(context),
    macros,
    literalText: pieces.filter((p): p is string => typeof p === 'string').join(''),
    emptyMacros(context) {
      const empty: string[] = [];
      for (const slot of slots) if (isBlank(slot.value(context)) && !empty.includes(slot.macro!)) empty.push(slot.macro!);
      return empty;
    },
    mayHaveEmptyMacro: (text) => traces.some((trace) => trace(text)),
    renderMarked(context) {
      const text = template(context);
      const written: string[] = [];
      const marked = pieces.map((p): TextPiece => {
        const value = typeof p === 'string' ? p : asText(p.value(context));
        written.push(value);
        return typeof p !== 'string' && p.macro !== null && isBlank(value) ? { emptyMacro: p.macro } : { text: value };
      });
      // The pieces are this module's reading of the template; where it differs from Handlebars', the text wins unmarked.
      const marks = marked.some((p) => 'emptyMacro' in p);
      return marks && written.join('') === text ? joinTexts(marked) : [{ text }];
    },
  };
}

/**
 * `{{path}}` written as `{{default path "fallback"}}` wherever one of `fallbacks`' macros stands
 * alone; the rest of the source stays as written. The fallback may not hold `"` or `\`.
 */
export function withMacroDefaults(source: string, fallbacks: Record<string, string>): string {
  // Handlebars counts lines as its lexer does: \r\n, \r and \n each end one.
  const lineStarts = [0, ...[...source.matchAll(/\r\n?|\n/g)].map((m) => m.index + m[0].length)];
  const offset = (at: { line: number; column: number }) => lineStarts[at.line - 1]! + at.column;
  let result = '';
  let copied = 0;
  for (const statement of parseTemplate(source).body) {
    if (statement.type !== 'MustacheStatement') continue;
    const mustache = statement as hbs.AST.MustacheStatement;
    const macro = isPath(mustache.path) && mustache.params.length === 0 ? macroPath(mustache.path) : null;
    const fallback = macro === null ? undefined : fallbacks[macro];
    if (fallback === undefined) continue;
    if (/["\\]/.test(fallback)) throw new TemplateError('syntax', `The text to use for an empty "${macro}" may not hold " or \\`, { macro: macro! });
    const start = offset(mustache.loc.start);
    // As written: `original` loses the brackets of a segment like [Дата рождения].
    const path = source.slice(offset(mustache.path.loc.start), offset(mustache.path.loc.end));
    const { open, close } = mustache.strip;
    result += `${source.slice(copied, start)}{{${open ? '~' : ''}${DEFAULT_HELPER} ${path} "${fallback}"${close ? '~' : ''}}}`;
    copied = offset(mustache.loc.end);
  }
  return result + source.slice(copied);
}

/** What an empty slot at `index` leaves in the text: the pieces around it side by side. */
function traceOf(pieces: (string | MacroSlot)[], index: number): (text: string) => boolean {
  const before = index > 0 ? pieces[index - 1] : undefined;
  const after = index < pieces.length - 1 ? pieces[index + 1] : undefined;
  const prev = typeof before === 'string' ? before : '';
  const next = typeof after === 'string' ? after : '';
  if (before === undefined) return (text) => text.startsWith(next);
  if (after === undefined) return (text) => text.endsWith(prev);
  const joined = prev + next;
  return (text) => text.includes(joined);
}

/** A mustache of the template: the macro it shows (null for a written value) and its value for a recipient. */
interface MacroSlot {
  macro: string | null;
  value(context: TemplateContext): unknown;
}

/** The template as text and macro slots, in order (a checked template holds nothing else at its top level). */
function piecesOf(program: hbs.AST.Program): (string | MacroSlot)[] {
  const pieces: (string | MacroSlot)[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ContentStatement') pieces.push((statement as hbs.AST.ContentStatement).value);
    else if (statement.type === 'MustacheStatement') pieces.push(slotOf(statement as hbs.AST.MustacheStatement));
  }
  return pieces;
}

function slotOf(call: HelperCall): MacroSlot {
  const { path } = call;
  if (isPath(path) && call.params.length === 0) return pathSlot(path);
  if (isPath(path) && path.original === DEFAULT_HELPER && call.params.length === 2) {
    const [first, second] = call.params.map(valueOf) as [MacroSlot, MacroSlot];
    return {
      // A written fallback is what the author wants there, even an empty one.
      macro: second.macro === null ? null : first.macro,
      value: (context) => {
        const value = first.value(context);
        return isBlank(value) ? second.value(context) : value;
      },
    };
  }
  return { macro: null, value: () => undefined };
}

function pathSlot(path: PathExpression): MacroSlot {
  const { parts } = path;
  return { macro: macroPath(path), value: (context) => lookup(context, parts) };
}

function valueOf(node: hbs.AST.Expression): MacroSlot {
  if (isPath(node)) return pathSlot(node);
  if (node.type === 'SubExpression') return slotOf(node as hbs.AST.SubExpression);
  const literal = (node as Partial<hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral>).value;
  return { macro: null, value: () => literal };
}

/** A value by its path, own properties only, as Handlebars looks it up. */
function lookup(context: unknown, parts: string[]): unknown {
  let value = context;
  for (const part of parts) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Neighbouring texts as one piece, empty ones dropped. */
function joinTexts(pieces: TextPiece[]): TextPiece[] {
  const joined: TextPiece[] = [];
  for (const piece of pieces) {
    const last = joined.at(-1);
    if ('text' in piece && piece.text === '') continue;
    if ('text' in piece && last && 'text' in last) last.text += piece.text;
    else joined.push({ ...piece });
  }
  return joined;
}

const asText = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function parseTemplate(source: string): hbs.AST.Program {
  try {
    return handlebars.parse(source);
  } catch (error) {
    throw parseFailure(error);
  }
}

/** Walks the parsed template: every value must be a known macro, and `default` is the only helper. */
class MacroCheck extends Handlebars.Visitor {
  private readonly macros = new Set<string>();

  constructor(private readonly isKnownMacro: (path: string) => boolean) {
    super();
  }

  macrosOf(program: hbs.AST.Program): string[] {
    this.accept(program);
    return [...this.macros];
  }

  override MustacheStatement(mustache: hbs.AST.MustacheStatement): void {
    this.checkCall(mustache);
  }

  override SubExpression(expression: hbs.AST.SubExpression): void {
    this.checkCall(expression);
  }

  override BlockStatement(block: hbs.AST.BlockStatement): void {
    throw unknownHelper(block.path, block.path.original, `Block "{{#${block.path.original}}}"`);
  }

  override DecoratorBlock(block: hbs.AST.DecoratorBlock): void {
    throw unknownHelper(block.path, block.path.original, `Decorator "${block.path.original}"`);
  }

  override Decorator(decorator: hbs.AST.Decorator): void {
    const name = expressionText(decorator.path);
    throw unknownHelper(decorator, name, `Decorator "${name}"`);
  }

  override PartialStatement(partial: hbs.AST.PartialStatement): void {
    const name = expressionText(partial.name);
    throw unknownHelper(partial, name, `Partial "{{> ${name}}}"`);
  }

  override PartialBlockStatement(partial: hbs.AST.PartialBlockStatement): void {
    const name = expressionText(partial.name);
    throw unknownHelper(partial, name, `Partial "{{#> ${name}}}"`);
  }

  override PathExpression(path: PathExpression): void {
    const macro = macroPath(path);
    if (macro === null || !this.isKnownMacro(macro)) throw unknownMacro(path, path.original);
    this.macros.add(macro);
  }

  private checkCall(call: HelperCall): void {
    const { path } = call;
    const hasArguments = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
    if (isPath(path) && path.original === DEFAULT_HELPER && path.depth === 0 && !path.data) {
      if (call.params.length !== 2 || (call.hash?.pairs.length ?? 0) > 0) {
        throw new TemplateError('syntax', `"${DEFAULT_HELPER}" ${at(call)} takes two arguments, a macro and the text to use when it is empty, e.g. ${DEFAULT_EXAMPLE}`, {
          ...position(call),
          macro: DEFAULT_HELPER,
        });
      }
      this.acceptArray(call.params);
    } else if (hasArguments) {
      const name = expressionText(path);
      throw unknownHelper(path, name, `Helper "${name}"`);
    } else if (isPath(path)) {
      this.accept(path);
    } else {
      throw unknownMacro(path, expressionText(path));
    }
  }
}

/** The catalogue path a template path names, or null for `this`, `../` and `@data` paths, which no macro is. */
function macroPath(path: PathExpression): string | null {
  const scoped = /^(\.|this\b)/.test(path.original);
  if (path.data || path.depth > 0 || scoped || path.parts.length === 0) return null;
  return path.parts.join('.');
}

function isPath(node: AstNode): node is PathExpression {
  return node.type === 'PathExpression';
}

function expressionText(node: AstNode): string {
  if (isPath(node)) return node.original;
  return String((node as Partial<hbs.AST.StringLiteral>).original ?? node.type);
}

function unknownMacro(node: AstNode, macro: string): TemplateError {
  return new TemplateError('unknown_macro', `Unknown macro "${macro}" ${at(node)}; see GET /api/macros`, {
    ...position(node),
    macro,
  });
}

function unknownHelper(node: AstNode, name: string, what: string): TemplateError {
  return new TemplateError('unknown_helper', `${what} ${at(node)} is not available; the only helper is "${DEFAULT_HELPER}", e.g. ${DEFAULT_EXAMPLE}`, {
    ...position(node),
    macro: name,
  });
}

function position(node: AstNode): { line: number; column: number } {
  return { line: node.loc.start.line, column: node.loc.start.column + 1 };
}

function at(node: AstNode): string {
  const { line, column } = position(node);
  return `at line ${line}, column ${column}`;
}

/** Handlebars' jison parser throws plain Errors; its lexer is left on the token it could not use. */
interface HandlebarsParserState {
  Parser?: { lexer?: { yylloc?: { first_line: number; first_column: number }; match?: string; upcomingInput?: () => string } };
}

function parseFailure(error: unknown): TemplateError {
  const located = locatedFailure(error);
  if (located) return located;
  const message = error instanceof Error ? error.message : String(error);
  const lexer = (handlebars as HandlebarsParserState).Parser?.lexer;
  const line = lexer?.yylloc?.first_line ?? Number(/line (\d+)/.exec(message)?.[1] ?? 1);
  const column = (lexer?.yylloc?.first_column ?? 0) + 1;
  // A token the lexer could not read at all is shown with what follows it: "name" rather than "n".
  const unreadable = /got 'INVALID'|^Lexical error/.test(message);
  const found = unreadable ? lexer?.upcomingInput?.().replace(/\.\.\.$/, '') : lexer?.match;
  const unexpected = /got 'EOF'/.test(message) || !found ? 'end of the template' : `"${found}"`;
  return new TemplateError('syntax', `Template syntax error at line ${line}, column ${column}: unexpected ${unexpected}; a macro is written as {{contact.firstName}}`, {
    line,
    column,
  });
}

function compileFailure(error: unknown): TemplateError {
  const message = error instanceof Error ? error.message : String(error);
  return locatedFailure(error) ?? new TemplateError('syntax', `The template cannot be compiled: ${message}`);
}

/** A Handlebars.Exception: it carries the position, and appends it to its message as " - line:column". */
function locatedFailure(error: unknown): TemplateError | null {
  if (!(error instanceof Error)) return null;
  const { lineNumber, column } = error as Error & { lineNumber?: unknown; column?: unknown };
  if (typeof lineNumber !== 'number' || typeof column !== 'number') return null;
  const detail = error.message.replace(/ - \d+:\d+$/, '');
  return new TemplateError('syntax', `Template syntax error at line ${lineNumber}, column ${column + 1}: ${detail}`, {
    line: lineNumber,
    column: column + 1,
  });
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || String(value).trim() === '';
}
