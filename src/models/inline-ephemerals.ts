import { at } from '../common/at';
import { renameRelation, scanWith } from './cte-scan';

/** An ephemeral model as other SQL inlines it: its SELECT and the ephemeral models it reads. */
export interface EphemeralSql {
  name: string;
  sql: string;
  /** Names of the ephemeral models its SQL reads (as CTE names). */
  reads: string[];
}

export interface InlinedSql {
  sql: string;
  /** Characters in front of the original SQL (0 when nothing was inlined). */
  bodyOffset: number;
}

/** The name an ephemeral model's ref() renders to: a CTE, as dbt names it. */
export const ephemeralCteName = (name: string): string => `__dbt__cte__${name}`;

const LEADING = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;
const WITH = /^with(\s+recursive)?\b/i;

/**
 * Puts CTEs in front of a SELECT (dbt's ephemeral injection): when the SELECT starts with its own
 * `with`, the CTEs join that list (the keyword is blanked, keeping every character's line and
 * column); otherwise a `with` clause is added. The original SQL starts at `bodyOffset`, so an
 * error position still maps to the file's line.
 *
 * A CTE whose SQL has its own WITH list is flattened: its CTEs are hoisted into the one list ahead
 * of it (Redshift refuses a WITH inside a WITH subquery, and PostgreSQL reads both alike). A hoisted
 * name already taken (by the SELECT's own CTEs or another hoisted one) becomes `<cte>__<name>`.
 */
export function prependCtes(sql: string, ctes: Array<{ name: string; sql: string }>): InlinedSql {
  if (ctes.length === 0) return { sql, bodyOffset: 0 };
  const leading = LEADING.exec(sql)?.[0] ?? '';
  const own = WITH.exec(sql.slice(leading.length));
  const taken = new Set([
    ...(scanWith(sql)?.ctes.map((cte) => cte.name) ?? []),
    ...ctes.map((cte) => cte.name),
  ]);
  const list = ctes.flatMap((cte) => flatten(cte, taken)).map((cte) => `"${cte.name}" as (\n${cte.sql}\n)`);
  if (!own) {
    const prefix = `with ${list.join(',\n')}\n`;
    return { sql: `${prefix}${sql}`, bodyOffset: prefix.length };
  }
  const prefix = `with${own[1] ? ' recursive' : ''} ${list.join(',\n')},\n`;
  const blanked = `${sql.slice(0, leading.length)}${' '.repeat(own[0].length)}${sql.slice(leading.length + own[0].length)}`;
  return { sql: `${prefix}${blanked}`, bodyOffset: prefix.length };
}

/** One CTE, or its hoisted inner CTEs then itself over its body; renames go into `taken`. */
function flatten(
  cte: { name: string; sql: string },
  taken: Set<string>,
): Array<{ name: string; sql: string }> {
  const inner = scanWith(cte.sql);
  if (!inner) return [cte];
  const hoisted: Array<{ name: string; sql: string }> = [];
  let texts = [...inner.ctes.map((c) => c.sql), inner.body];
  for (const [index, c] of inner.ctes.entries()) {
    let name = c.name;
    if (taken.has(name)) {
      name = `${cte.name}__${c.name}`;
      for (let n = 2; taken.has(name); n++) name = `${cte.name}__${c.name}_${n}`;
      // Only what follows the CTE's definition can refer to it.
      texts = texts.map((text, i) => (i > index ? renameRelation(text, c.name, name) : text));
    }
    taken.add(name);
    hoisted.push({ name, sql: at(texts, index, 'texts[index]') });
  }
  return [...hoisted, { name: cte.name, sql: (texts.at(-1) as string).trim() }];
}

/** Inlines every ephemeral model `reads` reaches (through other ephemerals), upstream first. */
export function inlineEphemerals(
  sql: string,
  reads: string[],
  ephemerals: Map<string, EphemeralSql>,
): InlinedSql {
  const ordered: EphemeralSql[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    const ephemeral = ephemerals.get(name);
    if (!ephemeral || seen.has(name)) return;
    seen.add(name);
    for (const upstream of ephemeral.reads) visit(upstream);
    ordered.push(ephemeral);
  };
  for (const name of reads) visit(name);
  return prependCtes(
    sql,
    ordered.map((ephemeral) => ({ name: ephemeralCteName(ephemeral.name), sql: ephemeral.sql })),
  );
}
