import { Scalar } from 'yaml';

/** Thrown (not an Error: no stack to capture) when the text is not for the fast reader. */
export const UNSUPPORTED = Symbol('unsupported YAML');

export function unsupported(): never {
  throw UNSUPPORTED;
}

export const KEY = /[A-Za-z_][A-Za-z0-9_-]*:(?=[ \n]|$)/y;
export const INDICATORS = '-?:,[]{}#&*!|>\'"%@`';
const SPECIAL_NUMBER = /^[-+]?(?:0o|0x|\.(?:inf|Inf|INF|nan|NaN|NAN)$)/;
const INTEGER = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** A `yaml` Scalar with the offsets `yaml` gives it (value start, value end, node end). */
export function scalarNode(value: unknown, start: number, valueEnd: number, nodeEnd: number): Scalar {
  const node = new Scalar(value);
  node.range = [start, valueEnd, nodeEnd];
  return node;
}

/** A plain (unquoted) scalar, its value resolved as `yaml` does. */
export function plainNode(raw: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
  const node = scalarNode(resolvePlain(raw), start, valueEnd, nodeEnd);
  node.type = Scalar.PLAIN;
  return node;
}

export function skipSpaces(text: string, at: number, lineEnd: number): number {
  let position = at;
  while (position < lineEnd && text[position] === ' ') position++;
  return position;
}

/** A `>` (folded) or `|` (literal) block scalar's value from its lines, with `-` (strip) or clip chomping. */
export function blockScalarValue(content: readonly string[], folded: boolean, strip: boolean): string {
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
  return strip ? value : `${value}\n`;
}

/** `-1`, `-.5`: a plain scalar may start with `-` when a digit or point follows. */
export function isNegativeNumber(text: string, at: number): boolean {
  return text[at] === '-' && /[0-9.]/.test(text[at + 1] ?? '');
}

/** A plain scalar's value under YAML 1.2's core schema (what `yaml` uses by default). */
export function resolvePlain(raw: string): unknown {
  if (raw === '' || raw === '~' || raw === 'null' || raw === 'Null' || raw === 'NULL') return null;
  if (raw === 'true' || raw === 'True' || raw === 'TRUE') return true;
  if (raw === 'false' || raw === 'False' || raw === 'FALSE') return false;
  if (SPECIAL_NUMBER.test(raw)) unsupported();
  if (INTEGER.test(raw)) return Number.parseInt(raw, 10);
  if (FLOAT.test(raw)) return Number.parseFloat(raw);
  return raw;
}
