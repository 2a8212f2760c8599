import type { InferredType } from './profile';

/** The kinds a text value can look like (`text` is what matches none). */
export type ValueKind = Exclude<InferredType, 'text'>;

export type ValuePattern = {
  kind: ValueKind;
  /**
   * A SQL LIKE pattern the value must match first: a cheap guard that pins length and separator
   * positions so the regular expression can stay simple. PostgreSQL builds a regex's DFA anew
   * for every value, so counted repetitions like `[0-9a-f]{8}` cost several times more than this
   * LIKE plus a `+` (measured on 2.7M uuids: 4.2 s against 1.3 s).
   */
  like: string;
  /** A regular expression valid in PostgreSQL and JavaScript (bracket classes, groups only). */
  pattern: string;
  caseInsensitive: boolean;
};

const HEX = '[0-9a-fA-F]+';

/**
 * The kinds in the order a value is tested (first match wins). Only integer and decimal overlap
 * (an integer would also read as a decimal), so integer comes first.
 */
export const VALUE_PATTERNS: readonly ValuePattern[] = [
  {
    kind: 'uuid',
    // 8-4-4-4-12 hex digits: LIKE fixes the length and the dashes, the regex the digits.
    like: '________-____-____-____-____________',
    pattern: `^${HEX}-${HEX}-${HEX}-${HEX}-${HEX}$`,
    caseInsensitive: false,
  },
  {
    kind: 'timestamp',
    // ISO 8601 date, optionally with a time (T or space), fraction and offset.
    like: '____-__-__%',
    pattern:
      '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$',
    caseInsensitive: false,
  },
  { kind: 'boolean', like: '%', pattern: '^(true|false|yes|no)$', caseInsensitive: true },
  { kind: 'integer', like: '%', pattern: '^[+-]?[0-9]+$', caseInsensitive: false },
  {
    kind: 'decimal',
    like: '%',
    pattern: '^[+-]?([0-9]+[.][0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$',
    caseInsensitive: false,
  },
];

/** The kind of one value, exactly as the SQL classification computes it. */
export function classifyValue(value: string): InferredType {
  for (const p of VALUE_PATTERNS) {
    if (likeToRegExp(p.like).test(value) && new RegExp(p.pattern, p.caseInsensitive ? 'i' : '').test(value)) {
      return p.kind;
    }
  }
  return 'text';
}

/** A LIKE pattern (`_` one character, `%` any run; no escapes needed here) as a RegExp. */
export function likeToRegExp(like: string): RegExp {
  const source = [...like]
    .map((char) => (char === '_' ? '.' : char === '%' ? '.*' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's');
}

/**
 * The type of a text column from its value kinds: the kind every non-null value has, `decimal`
 * when integers and decimals mix, otherwise `text`. A column without values stays `text`.
 */
export function inferTextType(kinds: Partial<Record<InferredType, number>>, nonNull: number): InferredType {
  if (nonNull === 0) return 'text';
  for (const { kind } of VALUE_PATTERNS) {
    if ((kinds[kind] ?? 0) === nonNull) return kind;
  }
  if ((kinds.integer ?? 0) + (kinds.decimal ?? 0) === nonNull) return 'decimal';
  return 'text';
}

/**
 * The most common non-text kind and its share of the non-null values (integers count as
 * decimals when both occur): a column where 99% of values look like timestamps has a few bad
 * ones worth reporting.
 */
export function dominantKind(
  kinds: Partial<Record<InferredType, number>>,
  nonNull: number,
): { kind: ValueKind; count: number; share: number } | null {
  const counts: [ValueKind, number][] = VALUE_PATTERNS.map(({ kind }) => [kind, kinds[kind] ?? 0]);
  if ((kinds.decimal ?? 0) > 0) counts.push(['decimal', (kinds.decimal ?? 0) + (kinds.integer ?? 0)]);
  let best: { kind: ValueKind; count: number } | null = null;
  for (const [kind, count] of counts) {
    if (count > 0 && (!best || count > best.count)) best = { kind, count };
  }
  return best && nonNull > 0 ? { ...best, share: best.count / nonNull } : null;
}
