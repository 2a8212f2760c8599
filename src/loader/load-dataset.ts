import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { concurrencyLimit } from '../common/concurrency';
import type { Stage } from '../stage/stage';
import type { RedshiftCopyOptions } from '../warehouse/redshift-dialect';
import type { Warehouse } from '../warehouse/warehouse';
import { type ContractTable, RAW_CONTRACT, RAW_SCHEMA } from './contract';
import type { LoadResult } from './load-result';
import { type LoadTableOptions, loadTable } from './load-table';
import { resolveRedshiftCopyOptions } from './redshift-config';
import { loadRedshiftTable } from './redshift-load-table';

export interface LoadDatasetOptions {
  dataDir: string;
  /** Only these tables (names like `raw_orders`); default all six. */
  tables?: string[];
  stage?: Stage;
  /** Set up to this many unparsable rows per table aside instead of failing (see quarantine-load.ts). */
  maxBadRows?: number;
  /** Where the rows set aside are written as <table>.csv. */
  rejectsDir?: string;
  /** Redshift's COPY options (IAM role, region); default from REDSHIFT_IAM_ROLE and AWS_REGION. */
  redshift?: RedshiftCopyOptions;
  onResult?: (result: LoadResult) => void;
  /** Runs inside each table's load transaction before COMMIT (the run history writes its row there). */
  beforeCommit?: LoadTableOptions['beforeCommit'];
}

/** The DDL of the raw schema, in the warehouse's dialect. */
export function rawTableDdl(warehouse: Pick<Warehouse, 'dialect'>, table: ContractTable): string {
  const d = warehouse.dialect;
  const columns = table.columns.map(
    (c) => `${d.quoteIdentifier(c.name)} ${d.columnType(c.type, c.maxLength, c.scale)}`,
  );
  return `create table if not exists ${d.relation(RAW_SCHEMA, table.table)} (${columns.join(', ')})`;
}

/**
 * How many tables COPY at once. The two big files (orders, items) load side by side on the two
 * cores and the small ones beside them; each table's ANALYZE runs outside this limit, so the next
 * COPY starts while it runs. 2, 3 and all six were within the noise of one another at load average
 * 20 (10 years: 17-26 s each); 3 keeps the connections bounded for wider contracts (issue 15).
 */
const COPY_CONNECTIONS = 3;

/**
 * Loads the dataset's raw tables concurrently (they are independent), each in its own
 * transaction. Never throws for a bad file: each table's outcome is in its LoadResult.
 */
export async function loadDataset(warehouse: Warehouse, options: LoadDatasetOptions): Promise<LoadResult[]> {
  const tables = RAW_CONTRACT.filter((t) => !options.tables || options.tables.includes(t.table));
  const unknown = (options.tables ?? []).filter((name) => !RAW_CONTRACT.some((t) => t.table === name));
  if (unknown.length) {
    throw new Error(
      `Unknown raw table(s): ${unknown.join(', ')}. Known: ${RAW_CONTRACT.map((t) => t.table).join(', ')}.`,
    );
  }
  if (!existsSync(options.dataDir)) {
    throw new Error(
      `The dataset folder ${options.dataDir} does not exist. Pass --data DIR with the six raw CSV files, or generate one with \`etl-workbook generate --out DIR\`.`,
    );
  }
  // Engines without COPY FROM STDIN (Redshift) COPY from the S3 stage's manifest instead.
  const copy = warehouse.dialect.supportsCopyFromStdin
    ? undefined
    : (options.redshift ?? resolveRedshiftCopyOptions());
  await warehouse.query(warehouse.dialect.createSchema(RAW_SCHEMA));
  for (const table of tables) await warehouse.query(rawTableDdl(warehouse, table));
  // Largest files first, at most COPY_CONNECTIONS at a time (see the constant's comment).
  const copySlot = concurrencyLimit(COPY_CONNECTIONS);
  const sizes = new Map(tables.map((table) => [table, fileSize(options.dataDir, table)]));
  const bySize = [...tables].sort((a, b) => (sizes.get(b) as number) - (sizes.get(a) as number));
  const results = new Map<ContractTable, LoadResult>();
  await Promise.all(
    bySize.map(async (table) => {
      const result = copy
        ? await loadRedshiftTable(warehouse, table, { ...options, copy })
        : await loadTable(warehouse, table, { ...options, copySlot });
      options.onResult?.(result);
      results.set(table, result);
    }),
  );
  return tables.map((table) => results.get(table) as LoadResult);
}

function fileSize(dir: string, table: ContractTable): number {
  try {
    return statSync(join(dir, table.file)).size;
  } catch {
    return 0;
  }
}
