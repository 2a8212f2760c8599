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
 */
export function prependCtes(sql: string, ctes: Array<{ name: string; sql: string }>): InlinedSql {
  if (ctes.length === 0) return { sql, bodyOffset: 0 };
  const list = ctes.map((cte) => `"${cte.name}" as (\n${cte.sql}\n)`).join(',\n');
  const leading = LEADING.exec(sql)?.[0] ?? '';
  const own = WITH.exec(sql.slice(leading.length));
  if (!own) {
    const prefix = `with ${list}\n`;
    return { sql: `${prefix}${sql}`, bodyOffset: prefix.length };
  }
  const prefix = `with${own[1] ? ' recursive' : ''} ${list},\n`;
  const blanked = `${sql.slice(0, leading.length)}${' '.repeat(own[0].length)}${sql.slice(leading.length + own[0].length)}`;
  return { sql: `${prefix}${blanked}`, bodyOffset: prefix.length };
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
