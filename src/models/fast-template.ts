import { at } from '../common/at';

/**
 * A fast path for the templates most models are: SQL text with `{{ … }}` expressions that only
 * look up a value (`this`, `target.type`) or call a function (`ref('x')`, `source('a', 'b')`,
 * `config(materialized='view')`, a macro) with literal arguments. Such a template is read here in
 * one scan and rendered by concatenation, which is what nunjucks' compiled code does for it:
 * compiling it with nunjucks was half of the compile time of a large project.
 *
 * Anything else (`{% … %}`, `{# … #}`, filters, operators, escapes in strings, an undefined value,
 * a missing function, a macro that throws) is not handled here: `parseFastTemplate` returns
 * undefined, or `renderFastTemplate` does, and the caller renders with nunjucks, so output and
 * errors stay nunjucks' own. test/unit/models-fast-templates.test.ts compares both on whole projects.
 */

type Literal = string | number | boolean | Literal[];

interface Lookup {
  kind: 'lookup';
  path: string[];
}

interface Call {
  kind: 'call';
  name: string;
  args: Literal[];
  keywords: Array<[string, Literal]>;
  /** 1-based line of the call's opening parenthesis (what `_etl_line` carries in nunjucks). */
  line: number;
}

export interface FastTemplate {
  /** Text and expressions in order (text already trimmed by `{{-` / `-}}`). */
  parts: Array<string | Lookup | Call>;
}

/** Words nunjucks' parser reads as operators or literals, never as a variable. */
const RESERVED = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'if',
  'else',
  'none',
  'null',
  'true',
  'false',
  'True',
  'False',
  'None',
]);
/** nunjucks' lexer: whitespace inside a tag, and the characters that end a word. */
const WHITESPACE = ' \n\t\r\u00a0';
const DELIMITERS = '()[]{}%*-+~/#,:|.<>=!';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^[0-9]+$/;

/** Parses `text` when it is text and simple `{{ … }}` expressions only; undefined otherwise. */
export function parseFastTemplate(text: string): FastTemplate | undefined {
  // Blocks and comments are nunjucks' (a stray `#}` is an error nunjucks reports).
  if (text.includes('{%') || text.includes('{#') || text.includes('#}')) return undefined;
  const parts: FastTemplate['parts'] = [];
  let position = 0;
  let trimNext = false;
  for (;;) {
    const start = text.indexOf('{{', position);
    let data = text.slice(position, start < 0 ? text.length : start);
    if (trimNext) data = data.replace(/^\s*/, '');
    const trimBefore = start >= 0 && text[start + 2] === '-';
    if (trimBefore) data = data.replace(/\s*$/, '');
    if (data !== '') parts.push(data);
    if (start < 0) return { parts };
    const reader = new ExpressionReader(text, start + (trimBefore ? 3 : 2));
    const expression = reader.expression();
    const end = expression && reader.end();
    if (!expression || !end) return undefined;
    parts.push(expression);
    trimNext = end.trim;
    position = end.position;
  }
}

/**
 * Renders a fast template with the same context nunjucks would get. Returns undefined, having
 * called nothing, when a name is not in the context or a lookup is undefined; a macro that
 * throws also gives undefined (the caller then renders with nunjucks and discards what was
 * recorded meanwhile).
 */
export function renderFastTemplate(
  template: FastTemplate,
  context: Record<string, unknown>,
  instrumented: readonly string[],
): string | undefined {
  for (const part of template.parts) {
    if (typeof part === 'string') continue;
    const head = part.kind === 'call' ? part.name : at(part.path, 0, 'part.path[0]');
    if (!Object.hasOwn(context, head)) return undefined;
    if (part.kind === 'call' && typeof context[head] !== 'function') return undefined;
  }
  let output = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      output += part;
      continue;
    }
    let value: unknown;
    if (part.kind === 'lookup') {
      value = context[at(part.path, 0, 'part.path[0]')];
      for (const key of part.path.slice(1)) {
        if (value === undefined || value === null) break;
        value = (value as Record<string, unknown>)[key];
        // nunjucks would hand back a bound method here; printing one is not a case worth copying.
        if (typeof value === 'function') return undefined;
      }
    } else {
      const keywords: Record<string, unknown> = {};
      if (instrumented.includes(part.name)) keywords._etl_line = part.line;
      for (const [key, literal] of part.keywords) keywords[key] = copy(literal);
      const args: unknown[] = part.args.map(copy);
      if (Object.keys(keywords).length > 0) args.push({ ...keywords, __keywords: true });
      try {
        value = (context[part.name] as (...args: unknown[]) => unknown).apply(context, args);
      } catch {
        return undefined;
      }
    }
    if (value === undefined || value === null || typeof value === 'function') return undefined;
    output += value;
  }
  return output;
}

/** Lists are fresh arrays in nunjucks' compiled code each time; a function may keep them. */
function copy(literal: Literal): Literal {
  return Array.isArray(literal) ? literal.map(copy) : literal;
}

/** Reads one `{{ … }}` expression the way nunjucks' lexer would, or gives up (undefined). */
class ExpressionReader {
  constructor(
    private readonly text: string,
    private position: number,
  ) {}

  expression(): Lookup | Call | undefined {
    const name = this.identifier();
    if (name === undefined) return undefined;
    this.skipWhitespace();
    if (this.text[this.position] === '(') return this.call(name);
    const path = [name];
    while (this.text[this.position] === '.') {
      this.position++;
      const key = this.word();
      if (key === undefined || !IDENTIFIER.test(key)) return undefined;
      path.push(key);
      this.skipWhitespace();
    }
    return { kind: 'lookup', path };
  }

  /** The closing `}}` or `-}}` (with nothing else before it). */
  end(): { position: number; trim: boolean } | undefined {
    this.skipWhitespace();
    if (this.text.startsWith('}}', this.position)) return { position: this.position + 2, trim: false };
    if (this.text.startsWith('-}}', this.position)) return { position: this.position + 3, trim: true };
    return undefined;
  }

  private call(name: string): Call | undefined {
    const line = lineAt(this.text, this.position);
    this.position++;
    const args: Literal[] = [];
    const keywords: Array<[string, Literal]> = [];
    this.skipWhitespace();
    if (this.text[this.position] === ')') {
      this.position++;
      return { kind: 'call', name, args, keywords, line };
    }
    for (;;) {
      this.skipWhitespace();
      const mark = this.position;
      const word = this.word();
      this.skipWhitespace();
      if (word !== undefined && this.text[this.position] === '=' && this.text[this.position + 1] !== '=') {
        if (!IDENTIFIER.test(word) || RESERVED.has(word)) return undefined;
        this.position++;
        const value = this.literal();
        if (value === undefined) return undefined;
        keywords.push([word, value]);
      } else {
        this.position = mark;
        const value = this.literal();
        if (value === undefined) return undefined;
        args.push(value);
      }
      this.skipWhitespace();
      const next = this.text[this.position++];
      if (next === ')') return { kind: 'call', name, args, keywords, line };
      if (next !== ',') return undefined;
    }
  }

  /** A string, an integer or decimal, true/false, or a list of those. */
  private literal(): Literal | undefined {
    this.skipWhitespace();
    const first = this.text[this.position];
    if (first === "'" || first === '"') {
      const close = this.text.indexOf(first, this.position + 1);
      if (close < 0) return undefined;
      const value = this.text.slice(this.position + 1, close);
      if (value.includes('\\')) return undefined;
      this.position = close + 1;
      return value;
    }
    if (first === '[') {
      this.position++;
      const items: Literal[] = [];
      this.skipWhitespace();
      if (this.text[this.position] === ']') {
        this.position++;
        return items;
      }
      for (;;) {
        const item = this.literal();
        if (item === undefined) return undefined;
        items.push(item);
        this.skipWhitespace();
        const next = this.text[this.position++];
        if (next === ']') return items;
        if (next !== ',') return undefined;
      }
    }
    const word = this.word();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === undefined || !NUMBER.test(word)) return undefined;
    if (this.text[this.position] !== '.') return Number(word);
    this.position++;
    const decimals = this.word();
    if (decimals === undefined || !NUMBER.test(decimals)) return undefined;
    return Number(`${word}.${decimals}`);
  }

  private identifier(): string | undefined {
    this.skipWhitespace();
    const word = this.word();
    return word !== undefined && IDENTIFIER.test(word) && !RESERVED.has(word) ? word : undefined;
  }

  /** A run of characters up to whitespace or a delimiter, as nunjucks' lexer cuts words. */
  private word(): string | undefined {
    const start = this.position;
    while (this.position < this.text.length) {
      const char = this.text.charAt(this.position);
      if (WHITESPACE.includes(char) || DELIMITERS.includes(char) || char === '"' || char === "'") break;
      this.position++;
    }
    return this.position > start ? this.text.slice(start, this.position) : undefined;
  }

  private skipWhitespace(): void {
    while (this.position < this.text.length && WHITESPACE.includes(this.text.charAt(this.position))) {
      this.position++;
    }
  }
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < position; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
