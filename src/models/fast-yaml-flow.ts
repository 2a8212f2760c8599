import { type Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import {
  INDICATORS,
  isNegativeNumber,
  KEY,
  plainNode,
  resolvePlain,
  scalarNode,
  skipSpaces,
  unsupported,
} from './fast-yaml-scalars';

/** The one-line parts of the fast reader (fast-yaml.ts): flow collections and quoted scalars. */

/** A flow collection that ends on the same line; gives the node and the offset after it. */
export function readFlow(text: string, at: number, lineEnd: number): [Node, number] {
  const open = text[at];
  const collection = open === '[' ? new YAMLSeq() : new YAMLMap();
  collection.flow = true;
  const close = open === '[' ? ']' : '}';
  const keys = new Set<string>();
  let position = skipSpaces(text, at + 1, lineEnd);
  if (text[position] === close) {
    position++;
  } else {
    for (;;) {
      if (collection instanceof YAMLMap) {
        KEY.lastIndex = position;
        const match = KEY.exec(text);
        if (!match || match.index !== position || position + match[0].length > lineEnd) unsupported();
        const key = match[0].slice(0, -1);
        if (keys.has(key) || typeof resolvePlain(key) !== 'string') unsupported();
        keys.add(key);
        const keyNode = scalarNode(key, position, position + key.length, position + key.length);
        position = skipSpaces(text, position + match[0].length, lineEnd);
        const [value, end] = flowValue(text, position, lineEnd);
        collection.items.push(new Pair(keyNode, value));
        position = end;
      } else {
        const [value, end] = flowValue(text, position, lineEnd);
        collection.items.push(value);
        position = end;
      }
      const separator = text[position];
      if (separator === close) {
        position++;
        break;
      }
      if (separator !== ',') unsupported();
      position = skipSpaces(text, position + 1, lineEnd);
      if (text[position] === close) unsupported(); // a trailing comma
    }
  }
  collection.range = [at, position, position];
  return [collection, position];
}

/** A value inside a flow collection; the offset returned is past the spaces after it. */
function flowValue(text: string, at: number, lineEnd: number): [Node, number] {
  const char = text.charAt(at);
  let node: Node;
  let end: number;
  if (char === '[' || char === '{') [node, end] = readFlow(text, at, lineEnd);
  else if (char === '"' || char === "'") [node, end] = readQuoted(text, at, lineEnd);
  else {
    if ((INDICATORS.includes(char) && !isNegativeNumber(text, at)) || at >= lineEnd) unsupported();
    end = at;
    while (end < lineEnd && !',[]{}:#'.includes(text.charAt(end))) end++;
    const raw = text.slice(at, end).trimEnd();
    node = plainNode(raw, at, at + raw.length, at + raw.length);
    end = at + raw.length;
  }
  const after = skipSpaces(text, end, lineEnd);
  if (node.range) node.range[2] = after;
  return [node, after];
}

/** A quoted scalar closed on the same line (no escapes); the offset returned is after it. */
export function readQuoted(text: string, at: number, lineEnd: number): [Scalar, number] {
  const quote = text.charAt(at);
  let close = at + 1;
  for (;;) {
    close = text.indexOf(quote, close);
    if (close < 0 || close >= lineEnd) unsupported(); // (a quote is on nearly every such line)
    if (quote === "'" && text[close + 1] === "'") close += 2;
    else break;
  }
  const raw = text.slice(at + 1, close);
  if (quote === '"' && raw.includes('\\')) unsupported();
  const value = quote === "'" ? raw.replaceAll("''", "'") : raw;
  const node = scalarNode(value, at, close + 1, close + 1);
  node.type = quote === "'" ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
  return [node, close + 1];
}
