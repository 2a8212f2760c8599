import { type LineCounter, type Node, Pair, type Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { at as checkedAt } from '../common/at';
import { readFlow, readQuoted } from './fast-yaml-flow';
import {
  blockScalarValue,
  INDICATORS,
  isNegativeNumber,
  KEY,
  plainNode,
  resolvePlain,
  scalarNode,
  skipSpaces,
  UNSUPPORTED,
  unsupported,
} from './fast-yaml-scalars';

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
 *
 * This file reads the block structure (lines, indentation, mappings, sequences, block scalars);
 * fast-yaml-flow.ts the one-line flow collections and quoted scalars; fast-yaml-scalars.ts plain
 * values and the nodes built.
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

interface Line {
  start: number;
  /** Offset of the line's end (its newline, or the end of the text). */
  end: number;
  /** Leading spaces. */
  indent: number;
  /** Blank or only a comment. */
  empty: boolean;
}

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
    const line = this.lineAt(first);
    const at = line.start + line.indent;
    if (/^(?:---|\.\.\.|%)/.test(this.text.slice(at, at + 3))) unsupported();
    const root = this.collection(first, line.indent);
    if (this.nextContent(this.line) >= 0) unsupported();
    return root;
  }

  /** A block mapping or sequence starting at `column` of line `index`. */
  /** Line `index`, which the reader's own scan made: a miss is a bug, reported as one. */
  private lineAt(index: number): Line {
    return checkedAt(this.lines, index, 'a scanned line');
  }

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
      const line = this.lineAt(index);
      const at = line.start + column;
      const key = this.keyAt(index, column);
      if (key === undefined || keys.has(key)) return unsupported();
      keys.add(key);
      const keyNode = scalarNode(key, at, at + key.length, at + key.length);
      map.items.push(new Pair(keyNode, this.value(index, at + key.length + 1, column)));
      const next = this.nextContent(this.line);
      const indent = next < 0 ? -1 : this.lineAt(next).indent;
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
      const line = this.lineAt(index);
      const dash = line.start + column;
      let at = dash + 1;
      while (this.text[at] === ' ') at++;
      if (at >= line.end || this.text[at] === '#') {
        this.line = index;
        const next = this.nextContent(index);
        const nested = next >= 0 && this.lineAt(next).indent > column;
        seq.items.push(nested ? this.collection(next, this.lineAt(next).indent) : this.empty(dash + 1));
      } else if (this.isDash(index, at - line.start)) {
        unsupported();
      } else if (this.keyAt(index, at - line.start) !== undefined) {
        seq.items.push(this.mapping(index, at - line.start));
      } else {
        seq.items.push(this.inline(index, at, column));
      }
      const next = this.nextContent(this.line);
      const indent = next < 0 ? -1 : this.lineAt(next).indent;
      if (indent > column) unsupported();
      if (indent < column || !this.isDash(next, column)) break;
      index = next;
    }
    this.finish(seq, first, column);
    return seq;
  }

  /** The value after `key:` (`at` is just past the colon) of a mapping at `column`. */
  private value(index: number, at: number, column: number): Node {
    const line = this.lineAt(index);
    let start = at;
    while (this.text[start] === ' ') start++;
    if (start < line.end && this.text[start] !== '#') return this.inline(index, start, column);
    this.line = index;
    const next = this.nextContent(index);
    if (next < 0) return this.empty(at);
    const indent = this.lineAt(next).indent;
    if (indent > column) return this.collection(next, indent);
    // A sequence may sit at its key's indentation.
    if (indent === column && this.isDash(next, column)) return this.sequence(next, column);
    return this.empty(at);
  }

  /** A scalar or flow collection written on line `index` from `at`, inside a block at `column`. */
  private inline(index: number, at: number, column: number): Node {
    const line = this.lineAt(index);
    const char = this.text.charAt(at);
    this.line = index;
    if (char === '>' || char === '|') return this.blockScalar(index, at, column);
    let node: Node;
    let end: number;
    if (char === '[' || char === '{') {
      [node, end] = readFlow(this.text, at, line.end);
    } else if (char === '"' || char === "'") {
      [node, end] = readQuoted(this.text, at, line.end);
    } else {
      if (INDICATORS.includes(char) && !isNegativeNumber(this.text, at)) unsupported();
      const comment = this.text.slice(at, line.end).indexOf(' #');
      const stop = comment >= 0 ? at + comment : line.end;
      const raw = this.text.slice(at, stop).trimEnd();
      if (raw.includes(': ') || raw.endsWith(':')) unsupported();
      node = plainNode(
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
    if (next >= 0 && this.lineAt(next).indent > column) unsupported();
    return node;
  }

  /** `>` (folded) or `|` (literal), with `-` (strip) or default (clip) chomping. */
  private blockScalar(index: number, at: number, column: number): Scalar {
    const header = this.lineAt(index);
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
      const line = this.lineAt(i);
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
    const value = blockScalarValue(content, folded, strip);
    this.line = last;
    const end = this.lineAt(last).end;
    return scalarNode(value, at, Math.min(end + 1, this.text.length), Math.min(end + 1, this.text.length));
  }

  /** A key with nothing after it: null, placed where the value would start (as `yaml` does). */
  private empty(at: number): Scalar {
    return scalarNode(null, at, at, at);
  }

  private finish(node: YAMLMap | YAMLSeq, first: number, column: number): void {
    const end = Math.min(this.lineAt(this.line).end + 1, this.text.length);
    node.range = [this.lineAt(first).start + column, end, end];
  }

  private keyAt(index: number, column: number): string | undefined {
    const line = this.lineAt(index);
    const at = line.start + column;
    KEY.lastIndex = at;
    const match = KEY.exec(this.text);
    if (!match || match.index !== at || at + match[0].length > line.end) return undefined;
    const key = match[0].slice(0, -1);
    return typeof resolvePlain(key) === 'string' ? key : unsupported();
  }

  private isDash(index: number, column: number): boolean {
    const line = this.lineAt(index);
    const at = line.start + column;
    return this.text[at] === '-' && (at + 1 === line.end || this.text[at + 1] === ' ');
  }

  /** Only spaces and a comment may follow a value on its line. */
  private restIsComment(at: number, lineEnd: number): void {
    const rest = skipSpaces(this.text, at, lineEnd);
    if (rest < lineEnd && !(this.text[rest] === '#' && rest > at)) unsupported();
  }

  /** The next line after `index` with content (not blank, not only a comment), or -1. */
  private nextContent(index: number): number {
    for (let i = index + 1; i < this.lines.length; i++) if (!this.lineAt(i).empty) return i;
    return -1;
  }
}
