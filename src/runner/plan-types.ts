import type { Materialization, Severity } from '../models/compiled-project';
import type { DialectName } from '../warehouse/dialect';

/** Where a node's compiled SQL sits inside a statement, to map an error position to its file. */
export interface StatementBody {
  /** Index (in characters) of the compiled SQL's first character within the statement. */
  offset: number;
  file: string;
  /** File line of the compiled SQL's first line (1 for .sql files, the declaration for YAML tests). */
  line: number;
  /** Compiled line n is file line n (see ModelNode.preservesLines). */
  preservesLines: boolean;
}

/**
 * A data test run on a table model's `<name>__etl_new` before the swap: when it finds rows, the
 * new table is dropped and the previous one stays (issue 7: the marts are not replaced by wrong data).
 */
export interface TestGuard {
  /** The test's unique id: its step reuses the guard's outcome instead of querying again. */
  test: string;
  name: string;
  file: string;
  line: number;
  /** The first failing rows in the new table, run only when the count is not zero. */
  sample: string;
  /** Drops the new table when the guard fails. */
  dropNew: string;
  /** store_failures: when the guard fails, these keep the new table's failing rows in `failuresRelation`. */
  store?: string[];
  failuresRelation?: string;
  /** In a folded guard: the result column holding this test's count (default `failures`). */
  countColumn?: string;
  /** In a folded guard: this test's own count, run to name the culprit when the scan fails. */
  alone?: PlannedStatement;
}

export interface PlannedStatement {
  sql: string;
  body?: StatementBody;
  /** Its row count is the number of rows the model built (`create table … as`). */
  reportsRows?: boolean;
  /** A `copy … from stdin` fed with the seed step's CSV text. */
  copiesCsv?: boolean;
  /** The step errors with this message when the statement returns rows (e.g. duplicate keys). */
  failsWhenRows?: string;
  /** A data test's count on the new table before the swap: rows drop it and keep the previous. */
  guard?: TestGuard;
  /** Several tests' counts in one scan of the new table (fold-tests.ts), each in its `countColumn`. */
  guards?: TestGuard[];
}

/** A model's build statements and the recoveries for what only the database knows. */
export interface MaterializationSql {
  statements: PlannedStatement[];
  recoveries: Recovery[];
}

/**
 * What to do when statement `at` fails with one of `codes` (SQLSTATE): roll back if a transaction
 * is open, then run `statements` instead of the rest of the list. Lets a pure plan handle what only
 * the database knows (a view whose columns changed, a relation that changed kind).
 */
export interface Recovery {
  at: number;
  codes: string[];
  reason: string;
  statements: PlannedStatement[];
}

interface StepBase {
  uniqueId: string;
  name: string;
  file: string;
  /** Steps of this plan that must finish first (nearest selected ancestors). */
  dependsOn: string[];
}

export interface ModelStep extends StepBase {
  resourceType: 'model';
  materialized: Materialization;
  relation: string;
  statements: PlannedStatement[];
  recoveries: Recovery[];
  /** Its SQL queries the warehouse: compiled again just before it runs (runtime-compile.ts). */
  compiledAtRunTime?: boolean;
}

/** A seed: create `<name>__etl_new`, COPY the CSV into it, swap it in (as a table model). */
export interface SeedStep extends StepBase {
  resourceType: 'seed';
  relation: string;
  statements: PlannedStatement[];
  recoveries: Recovery[];
  /** The CSV text the `copiesCsv` statement reads. */
  csv: string;
}

/** A unit test: its query over fixture rows, and the rows it must return (in any order). */
export interface UnitTestStep extends StepBase {
  resourceType: 'unit_test';
  line: number;
  /** The model under test (its unique id). */
  model: string;
  query: PlannedStatement;
  expectRows: Record<string, unknown>[];
  expectColumns: string[];
}

export interface TestStep extends StepBase {
  resourceType: 'test';
  line: number;
  severity: Severity;
  attachedTo?: string;
  /** `select count(*) as failures from (<test>)` */
  count: PlannedStatement;
  /** The first failing rows, run only when there are failures. */
  sample: PlannedStatement;
  /** store_failures: (re)create the failures table before count and sample read it. */
  store?: PlannedStatement[];
  /** The failures table, when the test stores its failing rows. */
  failuresRelation?: string;
  /**
   * The scan it shares with the other tests of its relation (fold-tests.ts): `statement` returns
   * this test's count in `column`; `count` and `sample` run only when that is not zero.
   */
  fold?: { key: string; relation: string; statement: PlannedStatement; column: string };
}

export type PlanStep = ModelStep | SeedStep | TestStep | UnitTestStep;

/** What planBuild can run: dbt build runs them all, dbt seed only seeds, dbt test the tests. */
export type StepKind = PlanStep['resourceType'];

export interface Plan {
  project: string;
  dialect: DialectName;
  /** `create schema if not exists`, run once before any step. */
  setup: PlannedStatement[];
  /** In an order that respects dependencies (a model's tests right after it). */
  steps: PlanStep[];
  /** Selection criteria that matched nothing. */
  warnings: string[];
}
