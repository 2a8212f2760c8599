import type { Warehouse } from '../warehouse/warehouse';
import { RAW_SCHEMA } from './contract';
import type { LoadResult } from './load-result';

export interface LoadVerification {
  table: string;
  /** Data lines COPY reported for the file. */
  loaded: number;
  /** Rows the warehouse holds now. */
  in_warehouse: number;
  match: boolean;
}

/** Counts each loaded raw table in the warehouse again and compares it with what the load reported. */
export async function verifyLoad(
  warehouse: Warehouse,
  results: readonly LoadResult[],
): Promise<LoadVerification[]> {
  return Promise.all(
    results
      .filter((result) => result.status === 'success')
      .map(async (result) => {
        const name = result.table.includes('.')
          ? (result.table.split('.').pop() ?? result.table)
          : result.table;
        const relation = warehouse.dialect.relation(RAW_SCHEMA, name);
        const counted = await warehouse.query<{ n: string }>(`select count(*) as n from ${relation}`);
        const inWarehouse = Number(counted.rows[0]?.n ?? 0);
        return {
          table: result.table,
          loaded: result.rows,
          in_warehouse: inWarehouse,
          match: inWarehouse === result.rows,
        };
      }),
  );
}
