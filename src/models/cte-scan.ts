import { at } from '../common/at';
/**
 * A small scanner for the top-level WITH list of a SELECT, enough to hoist an ephemeral model's
 * CTEs into the query that inlines it (Redshift refuses a WITH inside a WITH subquery). It skips
 * string literals, quoted identifiers and comments; it does not parse SQL beyond that.
 */
export interface ScannedCte {
  name: string;
  /** The text between the CTE's parentheses. */
  sql: string;
}

export interface ScannedWith {
  ctes: ScannedCte[];
  /** The SELECT after the WITH list. */
  body: string;
}

const SKIP = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;
const NAME = /^(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*))/;

/** The end (exclusive) of a string, quoted identifier or comment starting at `i`, else `i`. */
function skipOpaque(sql: string, i: number): number {
  const two = sql.slice(i, i + 2);
  if (two === '--') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (two === '/*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  const quote = sql[i];
  if (quote !== "'" && quote !== '"') return i;
  let j = i + 1;
  while (j < sql.length) {
    if (sql[j] === quote && sql[j + 1] === quote) j += 2;
    else if (sql[j] === quote) return j + 1;
    else j++;
  }
  return sql.length;
}

/** Index of the `)` closing the `(` at `open`, or -1. */
function closingParen(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; ) {
    const next = skipOpaque(sql, i);
    if (next !== i) {
      i = next;
      continue;
    }
    if (sql[i] === '(') depth++;
    else if (sql[i] === ')' && --depth === 0) return i;
    i++;
  }
  return -1;
}

/**
 * Splits `with a as (…), b as (…) select …` into its CTEs and body. Undefined when the SQL does not
 * start with a plain WITH list this scanner understands (WITH RECURSIVE, column lists, MATERIALIZED).
 */
export function scanWith(sql: string): ScannedWith | undefined {
  let i = SKIP.exec(sql)?.[0].length ?? 0;
  const keyword = /^with\b/i.exec(sql.slice(i));
  if (!keyword) return undefined;
  i += keyword[0].length;
  const ctes: ScannedCte[] = [];
  for (;;) {
    i += SKIP.exec(sql.slice(i))?.[0].length ?? 0;
    const name = NAME.exec(sql.slice(i));
    if (!name || (!name[1] && /^recursive$/i.test(name[2] ?? ''))) return undefined;
    i += name[0].length;
    i += SKIP.exec(sql.slice(i))?.[0].length ?? 0;
    const as = /^as\b/i.exec(sql.slice(i));
    if (!as) return undefined;
    i += as[0].length;
    i += SKIP.exec(sql.slice(i))?.[0].length ?? 0;
    if (sql[i] !== '(') return undefined;
    const close = closingParen(sql, i);
    if (close < 0) return undefined;
    ctes.push({
      name: name[1]?.replace(/""/g, '"') ?? at(name, 2, 'name[2]').toLowerCase(),
      sql: sql.slice(i + 1, close),
    });
    i = close + 1;
    i += SKIP.exec(sql.slice(i))?.[0].length ?? 0;
    if (sql[i] !== ',') return { ctes, body: sql.slice(i) };
    i++;
  }
}

/**
 * Replaces every reference to the relation `from` (unquoted in any case, or quoted exactly) by the
 * quoted name `to`, outside strings and comments. A name after a `.` is a column, not the CTE.
 */
export function renameRelation(sql: string, from: string, to: string): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    const opaque = skipOpaque(sql, i);
    const word = opaque === i ? /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))?.[0] : undefined;
    const token = opaque !== i ? sql.slice(i, opaque) : (word ?? sql.charAt(i));
    const afterDot = /\.\s*$/.test(out);
    const matches =
      !afterDot && (word ? word.toLowerCase() === from : token === `"${from.replace(/"/g, '""')}"`);
    out += matches ? `"${to}"` : token;
    i += token.length;
  }
  return out;
}
