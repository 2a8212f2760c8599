import type { Warehouse } from '../warehouse/warehouse';
import type { ShowTableOptions } from './show-table';
import { type SqlRows, typedRows } from './sql-rows';

export interface PageOptions {
  /** Rows per page (default 100). */
  size?: number;
  /** 1-based (default 1). */
  page?: number;
}

/** One page of a query's rows, with the total the query has. */
export interface SqlPage<R> extends SqlRows<R> {
  readonly page: number;
  readonly size: number;
  /** Rows of the whole query (one count(*) over it). */
  readonly total: number;
  readonly pages: number;
}

/**
 * Runs a query one page at a time, in SQL: `count(*)` over it and its rows with `limit`/`offset`
 * pushed in, so a large result is never pulled whole. Give the query an `order by` for pages that
 * follow each other (PostgreSQL keeps a subquery's order for a plain outer select; SQL does not
 * promise it).
 */
export async function queryPage<R>(
  warehouse: Warehouse,
  statement: { text: string; params: unknown[] },
  options: PageOptions = {},
): Promise<SqlPage<R>> {
  const size = positiveInteger(options.size ?? 100, 'size');
  const page = positiveInteger(options.page ?? 1, 'page');
  const body = statement.text.trim().replace(/;\s*$/, '');
  const [count, result] = await Promise.all([
    warehouse.query<{ total: string | number }>(
      `select count(*) as total from (\n${body}\n) as counted`,
      statement.params,
    ),
    warehouse.query(
      `select * from (\n${body}\n) as paged\nlimit ${size} offset ${(page - 1) * size}`,
      statement.params,
    ),
  ]);
  const total = Number(count.rows[0]?.total ?? 0);
  const pages = Math.max(1, Math.ceil(total / size));
  const rows = typedRows<R>(result.rows, result.fields, body);
  const first = (page - 1) * size + 1;
  const range = rows.length > 0 ? `rows ${first}–${first + rows.length - 1}` : 'no rows';
  const note =
    `Page ${page} of ${pages}: ${range} of ${total.toLocaleString('en-US')}, fetched with limit/offset` +
    (page < pages ? `; next: sql.page({ size: ${size}, page: ${page + 1} })\`…\` with the same query.` : '.');
  const show = rows.show;
  return Object.assign(rows, {
    page,
    size,
    total,
    pages,
    show(options?: ShowTableOptions): void {
      show({ note, limit: size, ...options });
    },
  });
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`sql.page({ ${name} }): expected a positive integer, got ${value}.`);
  return value;
}
