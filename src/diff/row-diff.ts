import { at } from '../common/at';
import { readColumns } from '../warehouse/introspector';
import type { Warehouse } from '../warehouse/warehouse';

/** Where one mart lives in the base and in the current build, and its unique key. */
export interface MartPair {
  name: string;
  baseSchema: string;
  currentSchema: string;
  key: string[];
}

export interface ColumnChange {
  column: string;
  /** Rows present in both whose value differs. */
  changed: number;
  /** Up to SAMPLE_SIZE of them: the key, the base value and the current value, as text. */
  sample: { key: string; base: string | null; current: string | null }[];
}

export interface MartDiff {
  mart: string;
  key: string[];
  baseRows: number;
  currentRows: number;
  added: number;
  removed: number;
  /** Rows present in both with at least one compared column changed. */
  changed: number;
  columns: ColumnChange[];
  /** Columns only one side has: not compared. */
  addedColumns: string[];
  removedColumns: string[];
  /** Why the mart could not be compared (no key, missing on one side), when it could not. */
  skipped?: string;
}

const SAMPLE_SIZE = 3;

/**
 * Compares a mart's base copy with the current table by its unique key, in SQL: one full outer
 * join counts added, removed and changed rows and the changes per column; only the samples of
 * changed values come back to Node.
 */
export async function diffMart(warehouse: Warehouse, pair: MartPair): Promise<MartDiff> {
  const empty = {
    mart: pair.name,
    key: pair.key,
    baseRows: 0,
    currentRows: 0,
    added: 0,
    removed: 0,
    changed: 0,
  };
  const none = { columns: [], addedColumns: [], removedColumns: [] };
  const [baseColumns, currentColumns] = await Promise.all([
    columnsOf(warehouse, pair.baseSchema, pair.name),
    columnsOf(warehouse, pair.currentSchema, pair.name),
  ]);
  if (baseColumns.length === 0 || currentColumns.length === 0) {
    const side = baseColumns.length === 0 ? 'the base' : 'the current build';
    return { ...empty, ...none, skipped: `${pair.name} does not exist in ${side}` };
  }
  if (
    pair.key.length === 0 ||
    !pair.key.every((k) => baseColumns.includes(k) && currentColumns.includes(k))
  ) {
    return {
      ...empty,
      ...none,
      skipped: `${pair.name} has no unique key on both sides: test a column unique and not_null in its YAML`,
    };
  }
  const q = (name: string) => warehouse.dialect.quoteIdentifier(name);
  const compared = currentColumns.filter((c) => baseColumns.includes(c) && !pair.key.includes(c));
  const differs = (c: string) => `b.${q(c)} is distinct from n.${q(c)}`;
  const both = pair.key.map((k) => `b.${q(k)} is not null and n.${q(k)} is not null`).join(' and ');
  const count = (condition: string) => `sum(case when ${condition} then 1 else 0 end)`;
  const from =
    `from ${warehouse.dialect.relation(pair.baseSchema, pair.name)} b full outer join ` +
    `${warehouse.dialect.relation(pair.currentSchema, pair.name)} n on ${pair.key.map((k) => `b.${q(k)} = n.${q(k)}`).join(' and ')}`;
  const anyChange = compared.length > 0 ? compared.map(differs).join(' or ') : 'false';
  const firstKey = q(at(pair.key, 0, 'a key column'));
  const counts = await warehouse.query<Record<string, string | null>>(
    `select ${count(`n.${firstKey} is not null`)} as current_rows,
      ${count(`b.${firstKey} is not null`)} as base_rows,
      ${count(`b.${firstKey} is null`)} as added,
      ${count(`n.${firstKey} is null`)} as removed,
      ${count(`${both} and (${anyChange})`)} as changed
      ${compared.map((c, i) => `, ${count(`${both} and ${differs(c)}`)} as c${i}`).join('')}
    ${from}`,
  );
  const row = counts.rows[0] ?? {};
  const number = (name: string) => Number(row[name] ?? 0);
  const keyText = pair.key
    .map((k) => `cast(coalesce(b.${q(k)}, n.${q(k)}) as varchar)`)
    .join(` || ' · ' || `);
  const columns: ColumnChange[] = [];
  for (const [i, column] of compared.entries()) {
    const changed = number(`c${i}`);
    if (changed === 0) continue;
    const sample = await warehouse.query<{ key: string; base: string | null; current: string | null }>(
      `select ${keyText} as key, cast(b.${q(column)} as varchar) as base, cast(n.${q(column)} as varchar) as current
      ${from} where ${both} and ${differs(column)} order by 1 limit ${SAMPLE_SIZE}`,
    );
    columns.push({ column, changed, sample: sample.rows });
  }
  return {
    mart: pair.name,
    key: pair.key,
    baseRows: number('base_rows'),
    currentRows: number('current_rows'),
    added: number('added'),
    removed: number('removed'),
    changed: number('changed'),
    columns,
    addedColumns: currentColumns.filter((c) => !baseColumns.includes(c)),
    removedColumns: baseColumns.filter((c) => !currentColumns.includes(c)),
  };
}

async function columnsOf(warehouse: Warehouse, schema: string, table: string): Promise<string[]> {
  const columns = await readColumns(warehouse, [schema]);
  return columns.filter((column) => column.table === table).map((column) => column.name);
}
