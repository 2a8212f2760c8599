import type { ColumnStats, TableStats } from './column-stats-query';

/** Text longer than this is prose (names, descriptions), not part of an identifier. */
const LONG_TEXT = 100;

/** Names that usually identify something: id, order_id, sku, product_code, store_key, invoice_no. */
const ID_LIKE = /(^|_)(id|uuid|sku|code|key|number|no)$/i;
/** camelCase ids (customerId); case-sensitive so that `valid` or `paid` do not count. */
const CAMEL_ID = /[a-z](Id|ID|Uuid|Key|Code)$/;

export function isIdLike(name: string): boolean {
  return ID_LIKE.test(name) || CAMEL_ID.test(name);
}

/** Columns that alone identify a row: no nulls and as many distinct values as rows. */
export function singleColumnKeys(stats: TableStats): string[] {
  if (stats.rows === 0) return [];
  return stats.columns.filter((c) => c.nulls === 0 && c.distinct === stats.rows).map((c) => c.name);
}

/**
 * The column pairs worth testing as a composite key, best first, at most `limit`. A pair can only
 * be unique when both columns have no nulls and the product of their distinct counts reaches the
 * row count; constant columns, prose and fractional numbers are left out. Pairs of id-like
 * columns come first, then the pairs whose combinations are fewest (closest to the row count),
 * which are the structural keys rather than accidents of two wide columns.
 */
export function planKeyPairs(stats: TableStats, limit = 20): [string, string][] {
  const candidates = stats.columns.filter((c) => isPairCandidate(c, stats.rows));
  const pairs: { pair: [string, string]; idLike: number; product: number; order: number }[] = [];
  candidates.forEach((a, i) => {
    for (const b of candidates.slice(i + 1)) {
      const product = a.distinct * b.distinct;
      if (product < stats.rows) continue;
      pairs.push({
        pair: [a.name, b.name],
        idLike: Number(isIdLike(a.name)) + Number(isIdLike(b.name)),
        product,
        order: pairs.length,
      });
    }
  });
  pairs.sort((x, y) => y.idLike - x.idLike || x.product - y.product || x.order - y.order);
  return pairs.slice(0, limit).map((p) => p.pair);
}

function isPairCandidate(column: ColumnStats, rows: number): boolean {
  if (column.nulls > 0 || column.distinct < 2 || column.distinct >= rows) return false;
  if (column.inferredType === 'decimal') return false;
  if (column.inferredType === 'text' && (column.maxLength ?? 0) > LONG_TEXT) return false;
  return true;
}

/**
 * The value PostgreSQL's `grouping(c0, …, cn-1)` returns for the grouping set made of `members`:
 * bit (n-1-i) is set when argument i is NOT in the set.
 */
export function groupingMask(args: readonly string[], members: readonly string[]): number {
  let mask = 0;
  args.forEach((name, i) => {
    if (!members.includes(name)) mask |= 1 << (args.length - 1 - i);
  });
  return mask;
}
