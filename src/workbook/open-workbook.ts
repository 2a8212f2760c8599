import { join } from 'node:path';
import { projectRoot } from '../config/project-root';
import { openWarehouse } from '../warehouse/open-warehouse';
import { targetName } from '../warehouse/target';
import type { TargetName, Warehouse } from '../warehouse/warehouse';

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
  return {
    warehouse,
    paths: {
      root,
      data: process.env.ETL_DATA_DIR ?? join(root, 'data', 'datasets'),
      sql: join(root, 'sql'),
      // `etl-workbook notebooks --out DIR` (and the tests) send the notebooks' artifacts elsewhere.
      target: process.env.ETL_OUT_DIR ?? join(root, 'target'),
    },
    close: () => warehouse.close(),
  };
}
