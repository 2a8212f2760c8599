import type { DialectName } from '../warehouse/dialect';
import type { SourceFile } from './project-files';

/**
 * What compile produces: every node of the SQL project with its final config, its dependencies
 * (unique ids) and its compiled SQL. Plain data, so it can be printed, serialized into
 * manifest.json and planned without the templates.
 */

/** How a model is built; `ephemeral` is never built but inlined as a CTE into what reads it. */
export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral';

/**
 * How an incremental run folds its new rows in: `merge` (an upsert: rows whose unique_key matches
 * are replaced, the new rows must have distinct keys), `delete+insert` (dbt's: delete every row
 * whose key is among the new rows, insert them all) or `append` (insert only, no key).
 */
export type IncrementalStrategy = 'merge' | 'delete+insert' | 'append';

export type Severity = 'error' | 'warn';

export interface ColumnDoc {
  name: string;
  description?: string;
  /** `data_type:` from the YAML (used to type unit-test fixture rows). */
  dataType?: string;
}

/** Where a call or a declaration sits: a file (display path) and a 1-based line. */
export interface SourceLocation {
  file: string;
  line: number;
}

export interface ModelNode {
  resourceType: 'model';
  /** `model.<name>` */
  uniqueId: string;
  name: string;
  /** Display path of the .sql file (relative to the working folder), e.g. `sql/staging/stg_orders.sql`. */
  file: string;
  /** Path relative to the project folder, e.g. `staging/stg_orders.sql` (what `path:` selects). */
  path: string;
  /** The top folder under the project: staging, intermediate, marts. */
  layer: string;
  schema: string;
  materialized: Materialization;
  tags: string[];
  /** Redshift distribution (`config(dist=…)`): a column, or `all`, `even`, `auto`; other engines ignore it. */
  dist?: string;
  /** Redshift sort key columns (`config(sort=[…])`); other engines ignore it. */
  sort?: string[];
  description?: string;
  columns: ColumnDoc[];
  /** The YAML file and line that describe the model, when one does. */
  declaredAt?: SourceLocation;
  /** Unique ids of the models and sources it reads. */
  dependsOn: string[];
  /** The quoted relation it is built as: `"staging"."stg_orders"`. */
  relation: string;
  rawSql: string;
  /**
   * The SELECT that builds it (`is_incremental()` false). Ephemeral models it reads are inlined as
   * CTEs in front of the file's own SQL, which starts at `bodyOffset`.
   */
  compiledSql: string;
  /**
   * True when the compiled SQL has the same lines as the file (ref/source/config render on one
   * line), so a position in the compiled SQL maps to the same line of the file.
   */
  preservesLines: boolean;
  /** Characters of inlined ephemeral CTEs in front of the file's own SQL (0 or absent: none). */
  bodyOffset?: number;
  /** Incremental models: the SELECT of new rows (`is_incremental()` true), with its body offset. */
  incrementalSql?: string;
  incrementalBodyOffset?: number;
  /** Incremental models: the key columns a run matches new rows on. */
  uniqueKey?: string[];
  incrementalStrategy?: IncrementalStrategy;
  /**
   * A dbt model that reads `execute` or queries the warehouse (run_query, statement,
   * adapter.get_columns_in_relation, dbt_utils.star…): compiledSql is its parse-time SQL, and the
   * runner compiles it again just before building it (runtimeCompiler).
   */
  compiledAtRunTime?: boolean;
  /** dbt's `alias`: the table or view is named this instead of the model's name. */
  alias?: string;
}

/** The name a model's table or view has in its schema: its alias, else its name. */
export function modelIdentifier(model: Pick<ModelNode, 'name' | 'alias'>): string {
  return model.alias ?? model.name;
}

/** A CSV of `seeds/`, loaded with COPY into a table, typed by `column_types` in YAML. */
export interface SeedNode {
  resourceType: 'seed';
  /** `seed.<name>` */
  uniqueId: string;
  name: string;
  file: string;
  path: string;
  schema: string;
  relation: string;
  tags: string[];
  description?: string;
  /** The CSV's columns in file order, each with its SQL type (`text` unless column_types says). */
  columns: Array<ColumnDoc & { type: string }>;
  declaredAt?: SourceLocation;
  dependsOn: string[];
  /** The CSV file's text (seeds are small reference tables). */
  csv: string;
}

/**
 * A unit test (dbt 1.8's `unit_tests:`): the model's SQL with every input replaced by fixture
 * rows, run without touching any table, its rows compared with the expected ones.
 */
export interface UnitTestNode {
  resourceType: 'unit_test';
  /** `unit_test.<model>.<name>` */
  uniqueId: string;
  name: string;
  /** The model under test (its unique id). */
  model: string;
  description?: string;
  tags: string[];
  file: string;
  path: string;
  line: number;
  /** Nothing: a unit test reads no relation. */
  dependsOn: string[];
  /** The model's SELECT over fixture CTEs, restricted to the expected columns. */
  compiledSql: string;
  /** The expected rows (only their columns are compared; order does not matter). */
  expectRows: Record<string, unknown>[];
  expectColumns: string[];
}

export interface SourceTableNode {
  resourceType: 'source';
  /** `source.<source>.<table>` */
  uniqueId: string;
  sourceName: string;
  name: string;
  schema: string;
  identifier: string;
  relation: string;
  description?: string;
  columns: ColumnDoc[];
  file: string;
  path: string;
  line: number;
}

export type GenericTestName =
  | 'unique'
  | 'not_null'
  | 'accepted_values'
  | 'relationships'
  | 'expression_is_true'
  /** dbt_utils' generic tests, built in (dbt-utils-tests.ts). */
  | `dbt_utils_${string}`
  /** A dbt project's or installed package's own `{% test %}` (dbt-generic-tests.ts): any name. */
  | (string & Record<never, never>);

export interface TestNode {
  resourceType: 'test';
  /** `test.<name>`, e.g. `test.not_null_stg_orders_order_id` (dbt's naming). */
  uniqueId: string;
  name: string;
  testType: 'generic' | 'singular';
  /** For generic tests: which one, with its arguments. */
  testName?: GenericTestName;
  kwargs?: Record<string, unknown>;
  /** The model or source the test is declared on; its descendants wait for it and skip if it fails. */
  attachedTo?: string;
  columnName?: string;
  severity: Severity;
  where?: string;
  /** Keep the failing rows in a table `<storeFailuresSchema>.<name>` (dbt's store_failures). */
  storeFailures?: boolean;
  tags: string[];
  /** The YAML (generic) or .sql (singular) file and the line of the declaration. */
  file: string;
  path: string;
  line: number;
  dependsOn: string[];
  rawSql?: string;
  /** A SELECT returning the failing rows; the test passes when it returns none. */
  compiledSql: string;
  preservesLines: boolean;
  /** Characters of inlined ephemeral CTEs in front of the test's own SQL. */
  bodyOffset?: number;
  /**
   * A row-at-a-time generic test without `where`: `count` is an aggregate over `relation` that is
   * zero exactly when `compiledSql` returns no rows (the runner folds such tests into one scan;
   * when it is not zero, the test's own count gives the figure).
   */
  scan?: { relation: string; count: string };
}

export interface AnalysisNode {
  resourceType: 'analysis';
  /** `analysis.<name>` */
  uniqueId: string;
  name: string;
  file: string;
  path: string;
  dependsOn: string[];
  rawSql: string;
  compiledSql: string;
}

export type ProjectNode = ModelNode | SeedNode | SourceTableNode | TestNode | UnitTestNode | AnalysisNode;

export interface CompiledProject {
  name: string;
  /** Absolute path of the project folder (sql/). */
  dir: string;
  models: ModelNode[];
  seeds: SeedNode[];
  sources: SourceTableNode[];
  tests: TestNode[];
  unitTests: UnitTestNode[];
  analyses: AnalysisNode[];
  /** Where tests with store_failures keep their failing rows (default `test_failures`). */
  storeFailuresSchema: string;
  /** The dialect it was compiled for, and the macro files (compileSql renders ad hoc SQL with them). */
  dialect?: DialectName;
  macroFiles?: SourceFile[];
  /** Informational lines: dbt keys read but not implemented, log() output of a dbt project. */
  notes?: string[];
}
