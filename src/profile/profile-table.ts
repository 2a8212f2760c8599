import type { Warehouse } from '../warehouse/warehouse';
import { columnStatsQuery, parseColumnStats, type TableStats } from './column-stats-query';
import { contractKeyQuery } from './contract-key-query';
import { duplicateRowsQuery } from './duplicate-rows-query';
import { planKeyPairs, singleColumnKeys } from './key-search';
import type { CatalogTable } from './list-columns';
import { pairKeysQuery } from './pair-keys-query';
import type { ContractKeyCheck, KeyProfile, TableProfile, TopValue } from './profile';
import { samplesQuery } from './samples-query';
import { secondsSince } from './seconds-since';
import { topValuesQuery } from './top-values-query';
import { parseValueKinds, type ValueKindCounts, valueKindsQuery } from './value-kinds-query';

/**
 * Whether a column's top values are worth a grouping: some value must repeat, and in a large
 * table near-unique columns (ids, timestamps: more than half the values distinct) are skipped,
 * since their "top" values say nothing and cost a full hash aggregate.
 */
function wantsTopValues(distinct: number, nonNull: number): boolean {
  if (distinct >= nonNull) return false;
  return nonNull <= 10_000 || distinct <= nonNull / 2;
}

export type ProfileTableOptions = {
  schema: string;
  /** The key the contract declares for this table, if any. */
  contractKey?: readonly string[];
  /** At most this many column pairs are tested as composite keys. */
  maxKeyPairs: number;
};

/**
 * Profiles one table with a handful of set-based statements: one pass for all column statistics
 * and, at the same time, one for the value kinds of its text columns; then (concurrently) the first rows as samples, the top values of repeating columns, and — only
 * when no single column is a key — full-row duplicates and the pruned composite-key pairs, and
 * the declared key's duplicates when the data does not already prove it.
 */
export async function profileTable(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  table: CatalogTable,
  options: ProfileTableOptions,
): Promise<TableProfile> {
  const started = process.hrtime.bigint();
  const { dialect } = warehouse;
  const { schema } = options;
  const textColumns = table.columns.flatMap((c, i) => (c.family === 'text' ? [i] : []));
  const [statsResult, kinds] = await Promise.all([
    warehouse.query(columnStatsQuery(dialect, schema, table)),
    queryValueKinds(warehouse, table, schema, textColumns),
  ]);
  const stats = parseColumnStats(table, statsResult.rows[0] ?? {}, kinds);
  const singles = singleColumnKeys(stats);

  const [samples, topValues, pairs, duplicateRows] = await Promise.all([
    querySamples(warehouse, table, schema),
    queryTopValues(warehouse, table, schema, stats),
    singles.length === 0 ? queryPairKeys(warehouse, table.name, schema, stats, options.maxKeyPairs) : null,
    singles.length === 0 && stats.rows > 1 ? queryDuplicateRows(warehouse, table, schema) : 0,
  ]);
  const keys: string[][] = singles.length > 0 ? singles.map((s) => [s]) : (pairs?.keys ?? []);
  const contractKey = await checkContractKey(warehouse, table, schema, stats, keys, options.contractKey);

  return {
    name: table.name,
    rows: stats.rows,
    duplicateRows,
    columns: stats.columns.map((column, i) => ({
      ...column,
      topValues: topValues.get(i) ?? [],
      samples: samples[i] ?? [],
    })),
    candidateKeys: keys.map(
      (columns): KeyProfile => ({
        columns,
        matchesContract: options.contractKey ? sameColumns(columns, options.contractKey) : false,
      }),
    ),
    testedPairs: pairs?.tested ?? 0,
    contractKey,
    seconds: secondsSince(started),
  };
}

async function queryValueKinds(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  table: CatalogTable,
  schema: string,
  columns: number[],
): Promise<Map<number, ValueKindCounts>> {
  if (columns.length === 0) return new Map();
  const { sql, params } = valueKindsQuery(warehouse.dialect, schema, table, columns);
  const result = await warehouse.query(sql, params);
  return parseValueKinds(result.rows, columns);
}

async function querySamples(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  table: CatalogTable,
  schema: string,
): Promise<string[][]> {
  const result = await warehouse.query<Record<string, string | null>>(
    samplesQuery(warehouse.dialect, schema, table),
  );
  return table.columns.map((_, i) =>
    result.rows.map((row) => row[`c${i}`]).filter((v): v is string => v !== null && v !== undefined),
  );
}

async function queryTopValues(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  table: CatalogTable,
  schema: string,
  stats: TableStats,
): Promise<Map<number, TopValue[]>> {
  const repeating = stats.columns.flatMap((c, i) =>
    wantsTopValues(c.distinct, stats.rows - c.nulls) ? [i] : [],
  );
  const top = new Map<number, TopValue[]>();
  if (repeating.length === 0) return top;
  const result = await warehouse.query<{ col: number; value: string | null; n: string }>(
    topValuesQuery(warehouse.dialect, schema, table, repeating),
  );
  for (const row of result.rows) {
    const list = top.get(Number(row.col)) ?? [];
    list.push({ value: row.value, count: Number(row.n) });
    top.set(Number(row.col), list);
  }
  return top;
}

async function queryPairKeys(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  table: string,
  schema: string,
  stats: TableStats,
  limit: number,
): Promise<{ keys: string[][]; tested: number }> {
  const pairs = planKeyPairs(stats, limit);
  if (pairs.length === 0) return { keys: [], tested: 0 };
  const { sql, masks } = pairKeysQuery(warehouse.dialect, schema, table, pairs);
  const result = await warehouse.query<{ set_id: number; groups: string }>(sql);
  const unique = new Set(
    result.rows.filter((row) => Number(row.groups) === stats.rows).map((row) => Number(row.set_id)),
  );
  // Report in the planned (best-first) order.
  const keys = [...masks.entries()].filter(([mask]) => unique.has(mask)).map(([, pair]) => [...pair]);
  return { keys, tested: masks.size };
}

async function queryDuplicateRows(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  table: CatalogTable,
  schema: string,
): Promise<number> {
  const result = await warehouse.query<{ duplicate_rows: string }>(
    duplicateRowsQuery(warehouse.dialect, schema, table),
  );
  return Number(result.rows[0]?.duplicate_rows ?? 0);
}

/**
 * The declared key holds without another query when it contains a key found in the data and its
 * columns have no nulls; otherwise its nulls and duplicates are counted.
 */
async function checkContractKey(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  table: CatalogTable,
  schema: string,
  stats: TableStats,
  keys: string[][],
  contractKey: readonly string[] | undefined,
): Promise<ContractKeyCheck | null> {
  if (!contractKey || contractKey.length === 0) return null;
  const columns = [...contractKey];
  if (!columns.every((name) => table.columns.some((c) => c.name === name))) return null;
  const noNulls = columns.every((name) => stats.columns.find((c) => c.name === name)?.nulls === 0);
  const containsKey = keys.some((key) => key.every((name) => columns.includes(name)));
  if (noNulls && containsKey) {
    return { columns, holds: true, nullRows: 0, duplicateValues: 0, duplicateRows: 0, examples: [] };
  }
  const result = await warehouse.query<{
    null_rows: string;
    duplicate_values: string;
    duplicate_rows: string;
    examples: string[] | null;
  }>(contractKeyQuery(warehouse.dialect, schema, table.name, columns));
  const row = result.rows[0];
  const nullRows = Number(row?.null_rows ?? 0);
  const duplicateValues = Number(row?.duplicate_values ?? 0);
  return {
    columns,
    holds: nullRows === 0 && duplicateValues === 0,
    nullRows,
    duplicateValues,
    duplicateRows: Number(row?.duplicate_rows ?? 0),
    examples: row?.examples ?? [],
  };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name));
}
