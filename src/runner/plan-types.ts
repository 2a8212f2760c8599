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

export interface PlannedStatement {
  sql: string;
  body?: StatementBody;
  /** Its row count is the number of rows the model built (`create table … as`). */
  reportsRows?: boolean;
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
}

export type PlanStep = ModelStep | TestStep;

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
