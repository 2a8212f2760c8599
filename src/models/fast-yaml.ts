import { type LineCounter, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/**
 * A fast reader for the YAML that project files are made of: block mappings and sequences, plain
 * and quoted one-line scalars, one-line flow collections (`[a, b]`, `{ k: v }`), `>` and `|`
 * block scalars, comments. It builds the `yaml` package's own nodes (same values, same start
 * offsets, so the same lines in messages) about five times faster than its general parser,
 * which was most of the compile time of this project.
 *
 * Anything outside that subset, or anything wrong (tabs, anchors, tags, multi-line plain scalars,
 * duplicate keys, escapes, `---`), makes it give up: `readFastYaml` returns undefined, and the
 * caller parses with `yaml`, which reports the problems in its own words.
 * test/unit/models-fast-yaml.test.ts compares both on every YAML file of the projects.
 */
export function readFastYaml(text: string, lines: LineCounter): Node | undefined {
  try {
    const reader = new FastYamlReader(text);
    const root = reader.document();
    for (const line of reader.lines) lines.addNewLine(line.start);
    return root;
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

/** Thrown (not an Error: no stack to capture) when the text is not for the fast reader. */
const UNSUPPORTED = Symbol('unsupported YAML');

function unsupported(): never {
  throw UNSUPPORTED;
}

interface Line {
  start: number;
  /** Offset of the line's end (its newline, or the end of the text). */
  end: number;
  /** Leading spaces. */
  indent: number;
  /** Blank or only a comment. */
  empty: boolean;
}

const KEY = /[A-Za-z_][A-Za-z0-9_-]*:(?=[ \n]|$)/y;
const INDICATORS = '-?:,[]{}#&*!|>\'"%@`';
const SPECIAL_NUMBER = /^[-+]?(?:0o|0x|\.(?:inf|Inf|INF|nan|NaN|NAN)$)/;
const INTEGER = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

class FastYamlReader {
  readonly lines: Line[] = [];
  /** The last line a node was read from. */
  private line = 0;

  constructor(private readonly text: string) {
    if (/[\t\r\ufeff]/.test(text)) unsupported();
    for (let start = 0; start <= text.length; ) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      let indent = start;
      while (indent < end && text.charCodeAt(indent) === 32) indent++;
      this.lines.push({ start, end, indent: indent - start, empty: indent === end || text[indent] === '#' });
      if (newline < 0) break;
      start = newline + 1;
    }
  }

  document(): Node {
    const first = this.nextContent(-1);
    if (first < 0) unsupported();
    const line = this.lines[first] as Line;
    const at = line.start + line.indent;
    if (/^(?:---|\.\.\.|%)/.test(this.text.slice(at, at + 3))) unsupported();
    const root = this.collection(first, line.indent);
    if (this.nextContent(this.line) >= 0) unsupported();
    return root;
  }

  /** A block mapping or sequence starting at `column` of line `index`. */
  private collection(index: number, column: number): YAMLMap | YAMLSeq {
    if (this.isDash(index, column)) return this.sequence(index, column);
    if (this.keyAt(index, column) !== undefined) return this.mapping(index, column);
    return unsupported();
  }

  private mapping(first: number, column: number): YAMLMap {
    const map = new YAMLMap();
    const keys = new Set<string>();
    let index = first;
    for (;;) {
      const line = this.lines[index] as Line;
      const at = line.start + column;
      const key = this.keyAt(index, column);
      if (key === undefined || keys.has(key)) return unsupported();
      keys.add(key);
      const keyNode = this.scalar(key, at, at + key.length, at + key.length);
      map.items.push(new Pair(keyNode, this.value(index, at + key.length + 1, column)));
      const next = this.nextContent(this.line);
      const indent = next < 0 ? -1 : (this.lines[next] as Line).indent;
      if (indent > column) unsupported();
      if (indent < column || this.keyAt(next, column) === undefined) break;
      index = next;
    }
    this.finish(map, first, column);
    return map;
  }

  private sequence(first: number, column: number): YAMLSeq {
    const seq = new YAMLSeq();
    let index = first;
    for (;;) {
      const line = this.lines[index] as Line;
      const dash = line.start + column;
      let at = dash + 1;
      while (this.text[at] === ' ') at++;
      if (at >= line.end || this.text[at] === '#') {
        this.line = index;
        const next = this.nextContent(index);
        const nested = next >= 0 && (this.lines[next] as Line).indent > column;
        seq.items.push(
          nested ? this.collection(next, (this.lines[next] as Line).indent) : this.empty(dash + 1),
        );
      } else if (this.isDash(index, at - line.start)) {
        unsupported();
      } else if (this.keyAt(index, at - line.start) !== undefined) {
        seq.items.push(this.mapping(index, at - line.start));
      } else {
        seq.items.push(this.inline(index, at, column));
      }
      const next = this.nextContent(this.line);
      const indent = next < 0 ? -1 : (this.lines[next] as Line).indent;
      if (indent > column) unsupported();
      if (indent < column || !this.isDash(next, column)) break;
      index = next;
    }
    this.finish(seq, first, column);
    return seq;
  }

  /** The value after `key:` (`at` is just past the colon) of a mapping at `column`. */
  private value(index: number, at: number, column: number): Node {
    const line = this.lines[index] as Line;
    let start = at;
    while (this.text[start] === ' ') start++;
    if (start < line.end && this.text[start] !== '#') return this.inline(index, start, column);
    this.line = index;
    const next = this.nextContent(index);
    if (next < 0) return this.empty(at);
    const indent = (this.lines[next] as Line).indent;
    if (indent > column) return this.collection(next, indent);
    // A sequence may sit at its key's indentation.
    if (indent === column && this.isDash(next, column)) return this.sequence(next, column);
    return this.empty(at);
  }

  /** A scalar or flow collection written on line `index` from `at`, inside a block at `column`. */
  private inline(index: number, at: number, column: number): Node {
    const line = this.lines[index] as Line;
    const char = this.text[at] as string;
    this.line = index;
    if (char === '>' || char === '|') return this.blockScalar(index, at, column);
    let node: Node;
    let end: number;
    if (char === '[' || char === '{') {
      [node, end] = this.flow(at, line.end);
    } else if (char === '"' || char === "'") {
      [node, end] = this.quoted(at, line.end);
    } else {
      if (INDICATORS.includes(char) && !isNegativeNumber(this.text, at)) unsupported();
      const comment = this.text.slice(at, line.end).indexOf(' #');
      const stop = comment >= 0 ? at + comment : line.end;
      const raw = this.text.slice(at, stop).trimEnd();
      if (raw.includes(': ') || raw.endsWith(':')) unsupported();
      node = this.plain(
        raw,
        at,
        at + raw.length,
        stop === line.end ? Math.min(line.end + 1, this.text.length) : stop,
      );
      end = at + raw.length;
    }
    this.restIsComment(end, line.end);
    // A more indented line below would continue a plain scalar (or be an error): not for us.
    const next = this.nextContent(index);
    if (next >= 0 && (this.lines[next] as Line).indent > column) unsupported();
    return node;
  }

  /** `>` (folded) or `|` (literal), with `-` (strip) or default (clip) chomping. */
  private blockScalar(index: number, at: number, column: number): Scalar {
    const header = this.lines[index] as Line;
    const folded = this.text[at] === '>';
    let after = at + 1;
    const strip = this.text[after] === '-';
    if (strip) after++;
    if (after < header.end && this.text[after] !== ' ') unsupported();
    this.restIsComment(after, header.end);
    const content: string[] = [];
    let indent = -1;
    let last = index;
    for (let i = index + 1; i < this.lines.length; i++) {
      const line = this.lines[i] as Line;
      const blank = line.indent === line.end - line.start;
      if (blank) {
        // Leading blank lines, and blank lines with more spaces than the text: not handled here.
        if (indent < 0 || line.end - line.start > indent) unsupported();
        content.push('');
        continue;
      }
      if (indent < 0) {
        if (line.indent <= column) unsupported();
        indent = line.indent;
      }
      if (line.indent < indent) break;
      const text = this.text.slice(line.start + indent, line.end);
      if (line.indent > indent || text.endsWith(' ')) unsupported();
      content.push(text);
      last = i;
    }
    if (indent < 0) unsupported();
    content.length = last - index; // trailing blank lines go to chomping
    let value = '';
    if (folded) {
      let pending = 0;
      for (const text of content) {
        if (text === '') pending++;
        else {
          if (value !== '') value += pending > 0 ? '\n'.repeat(pending) : ' ';
          value += text;
          pending = 0;
        }
      }
    } else value = content.join('\n');
    if (!strip) value += '\n';
    this.line = last;
    const end = (this.lines[last] as Line).end;
    return this.scalar(value, at, Math.min(end + 1, this.text.length), Math.min(end + 1, this.text.length));
  }

  /** A flow collection that ends on the same line; gives the node and the offset after it. */
  private flow(at: number, lineEnd: number): [Node, number] {
    const open = this.text[at];
    const collection = open === '[' ? new YAMLSeq() : new YAMLMap();
    collection.flow = true;
    const close = open === '[' ? ']' : '}';
    const keys = new Set<string>();
    let position = this.skipSpaces(at + 1, lineEnd);
    if (this.text[position] === close) {
      position++;
    } else {
      for (;;) {
        if (collection instanceof YAMLMap) {
          KEY.lastIndex = position;
          const match = KEY.exec(this.text);
          if (!match || match.index !== position || position + match[0].length > lineEnd) unsupported();
          const key = match[0].slice(0, -1);
          if (keys.has(key) || typeof resolvePlain(key) !== 'string') unsupported();
          keys.add(key);
          const keyNode = this.scalar(key, position, position + key.length, position + key.length);
          position = this.skipSpaces(position + match[0].length, lineEnd);
          const [value, end] = this.flowValue(position, lineEnd);
          collection.items.push(new Pair(keyNode, value));
          position = end;
        } else {
          const [value, end] = this.flowValue(position, lineEnd);
          collection.items.push(value);
          position = end;
        }
        const separator = this.text[position];
        if (separator === close) {
          position++;
          break;
        }
        if (separator !== ',') unsupported();
        position = this.skipSpaces(position + 1, lineEnd);
        if (this.text[position] === close) unsupported(); // a trailing comma
      }
    }
    collection.range = [at, position, position];
    return [collection, position];
  }

  /** A value inside a flow collection; the offset returned is past the spaces after it. */
  private flowValue(at: number, lineEnd: number): [Node, number] {
    const char = this.text[at] as string;
    let node: Node;
    let end: number;
    if (char === '[' || char === '{') [node, end] = this.flow(at, lineEnd);
    else if (char === '"' || char === "'") [node, end] = this.quoted(at, lineEnd);
    else {
      if ((INDICATORS.includes(char) && !isNegativeNumber(this.text, at)) || at >= lineEnd) unsupported();
      end = at;
      while (end < lineEnd && !',[]{}:#'.includes(this.text[end] as string)) end++;
      const raw = this.text.slice(at, end).trimEnd();
      node = this.plain(raw, at, at + raw.length, at + raw.length);
      end = at + raw.length;
    }
    const after = this.skipSpaces(end, lineEnd);
    if (node.range) node.range[2] = after;
    return [node, after];
  }

  /** A quoted scalar closed on the same line (no escapes); the offset returned is after it. */
  private quoted(at: number, lineEnd: number): [Scalar, number] {
    const quote = this.text[at] as string;
    let close = at + 1;
    for (;;) {
      close = this.text.indexOf(quote, close);
      if (close < 0 || close >= lineEnd) unsupported(); // (a quote is on nearly every such line)
      if (quote === "'" && this.text[close + 1] === "'") close += 2;
      else break;
    }
    const raw = this.text.slice(at + 1, close);
    if (quote === '"' && raw.includes('\\')) unsupported();
    const value = quote === "'" ? raw.replaceAll("''", "'") : raw;
    const node = this.scalar(value, at, close + 1, close + 1);
    node.type = quote === "'" ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
    return [node, close + 1];
  }

  private plain(raw: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    const node = this.scalar(resolvePlain(raw), start, valueEnd, nodeEnd);
    node.type = Scalar.PLAIN;
    return node;
  }

  private scalar(value: unknown, start: number, valueEnd: number, nodeEnd: number): Scalar {
    const node = new Scalar(value);
    node.range = [start, valueEnd, nodeEnd];
    return node;
  }

  /** A key with nothing after it: null, placed where the value would start (as `yaml` does). */
  private empty(at: number): Scalar {
    return this.scalar(null, at, at, at);
  }

  private finish(node: YAMLMap | YAMLSeq, first: number, column: number): void {
    const end = Math.min((this.lines[this.line] as Line).end + 1, this.text.length);
    node.range = [(this.lines[first] as Line).start + column, end, end];
  }

  private keyAt(index: number, column: number): string | undefined {
    const line = this.lines[index] as Line;
    const at = line.start + column;
    KEY.lastIndex = at;
    const match = KEY.exec(this.text);
    if (!match || match.index !== at || at + match[0].length > line.end) return undefined;
    const key = match[0].slice(0, -1);
    return typeof resolvePlain(key) === 'string' ? key : unsupported();
  }

  private isDash(index: number, column: number): boolean {
    const line = this.lines[index] as Line;
    const at = line.start + column;
    return this.text[at] === '-' && (at + 1 === line.end || this.text[at + 1] === ' ');
  }

  /** Only spaces and a comment may follow a value on its line. */
  private restIsComment(at: number, lineEnd: number): void {
    const rest = this.skipSpaces(at, lineEnd);
    if (rest < lineEnd && !(this.text[rest] === '#' && rest > at)) unsupported();
  }

  private skipSpaces(at: number, lineEnd: number): number {
    let position = at;
    while (position < lineEnd && this.text[position] === ' ') position++;
    return position;
  }

  /** The next line after `index` with content (not blank, not only a comment), or -1. */
  private nextContent(index: number): number {
    for (let i = index + 1; i < this.lines.length; i++) if (!(this.lines[i] as Line).empty) return i;
    return -1;
  }
}

/** `-1`, `-.5`: a plain scalar may start with `-` when a digit or point follows. */
function isNegativeNumber(text: string, at: number): boolean {
  return text[at] === '-' && /[0-9.]/.test(text[at + 1] ?? '');
}

/** A plain scalar's value under YAML 1.2's core schema (what `yaml` uses by default). */
function resolvePlain(raw: string): unknown {
  if (raw === '' || raw === '~' || raw === 'null' || raw === 'Null' || raw === 'NULL') return null;
  if (raw === 'true' || raw === 'True' || raw === 'TRUE') return true;
  if (raw === 'false' || raw === 'False' || raw === 'FALSE') return false;
  if (SPECIAL_NUMBER.test(raw)) unsupported();
  if (INTEGER.test(raw)) return Number.parseInt(raw, 10);
  if (FLOAT.test(raw)) return Number.parseFloat(raw);
  return raw;
}
