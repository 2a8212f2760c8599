/**
 * What compile produces: every node of the SQL project with its final config, its dependencies
 * (unique ids) and its compiled SQL. Plain data, so it can be printed, serialized into
 * manifest.json and planned without the templates.
 */

/** `ephemeral` and `incremental` are future work; the union grows when they come. */
export type Materialization = 'view' | 'table';

export type Severity = 'error' | 'warn';

export interface ColumnDoc {
  name: string;
  description?: string;
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
  description?: string;
  columns: ColumnDoc[];
  /** The YAML file and line that describe the model, when one does. */
  declaredAt?: SourceLocation;
  /** Unique ids of the models and sources it reads. */
  dependsOn: string[];
  /** The quoted relation it is built as: `"staging"."stg_orders"`. */
  relation: string;
  rawSql: string;
  compiledSql: string;
  /**
   * True when the compiled SQL has the same lines as the file (ref/source/config render on one
   * line), so a position in the compiled SQL maps to the same line of the file.
   */
  preservesLines: boolean;
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
  | 'expression_is_true';

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

export type ProjectNode = ModelNode | SourceTableNode | TestNode | AnalysisNode;

export interface CompiledProject {
  name: string;
  /** Absolute path of the project folder (sql/). */
  dir: string;
  models: ModelNode[];
  sources: SourceTableNode[];
  tests: TestNode[];
  analyses: AnalysisNode[];
}
