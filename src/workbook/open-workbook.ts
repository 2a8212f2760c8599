import { join } from 'node:path';
import type { MetricQuery } from '../metrics/compile-metric-query';
import { type MetricResult, queryMetrics } from '../metrics/query-metrics';
import { loadProject } from '../models/load-project';
import { projectRoot } from '../paths/project-root';
import { openWarehouse } from '../warehouse/open-warehouse';
import { targetName } from '../warehouse/target';
import type { TargetName, Warehouse } from '../warehouse/warehouse';
import { type SqlTag, sqlTag } from './sql-template';

/** The project's folders, resolved from its root (notebooks run with notebooks/ as working folder). */
export interface WorkbookPaths {
  root: string;
  data: string;
  sql: string;
  target: string;
}

export interface Workbook {
  warehouse: Warehouse;
  paths: WorkbookPaths;
  /** Typed queries: `` await workbook.sql<{ n: number }>`select count(*) as n from ${ref('fct_orders')}` `` */
  sql: SqlTag;
  /** The metrics layer: `await workbook.metrics({ metrics: ['revenue'], groupBy: ['store__store_name'] })` */
  metrics<R = Record<string, string | number | boolean | null>>(query: MetricQuery): Promise<MetricResult<R>>;
  close(): Promise<void>;
}

export interface OpenWorkbookOptions {
  /** Default: ETL_TARGET, else `local` (the same rule as the CLI's --target: see resolveTarget). */
  target?: TargetName;
  /** Default: the folder holding sql/project.yml, searched upwards from the working folder. */
  root?: string;
}

/**
 * What a notebook opens first: the warehouse (the local embedded PostgreSQL is started if needed
 * and left running for the next cell and the next notebook) and the project's folders.
 */
export async function openWorkbook(options: OpenWorkbookOptions = {}): Promise<Workbook> {
  const root = options.root ?? projectRoot();
  const target = targetName(options.target);
  const warehouse = await openWarehouse({ target, stopServer: 'never' });
  const sql = join(root, 'sql');
  return {
    warehouse,
    sql: sqlTag(warehouse, () => loadProject(sql, { dialect: warehouse.dialect })),
    metrics: (query) => queryMetrics(warehouse, query, { projectDir: sql }),
    paths: {
      root,
      data: process.env.ETL_DATA_DIR ?? join(root, 'data', 'datasets'),
      sql,
      // `etl-workbook notebooks --out DIR` (and the tests) send the notebooks' artifacts elsewhere.
      target: process.env.ETL_OUT_DIR ?? join(root, 'target'),
    },
    close: () => warehouse.close(),
  };
}
