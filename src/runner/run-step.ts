import { Readable } from 'node:stream';
import { at } from '../common/at';
import type { Session } from '../warehouse/warehouse';
import { WarehouseError } from '../warehouse/warehouse-error';
import { compareRows } from './compare-rows';
import { guardCulprit } from './guards';
import type { ModelStep, PlannedStatement, SeedStep, TestGuard, TestStep, UnitTestStep } from './plan-types';
import type { AdapterResponse, NodeResult } from './run-result';

export type StepOutcome = Pick<
  NodeResult,
  'status' | 'message' | 'rowsAffected' | 'adapterResponse' | 'failures' | 'sample' | 'error'
>;

/**
 * Runs a model's statements in order on one session. When a statement fails inside a transaction
 * it is rolled back; when the plan has a recovery for that statement and error code, the recovery
 * runs instead of the rest (once). A guard (a data test on the new table) that finds rows drops
 * the new table and ends the step. Guard outcomes go into `guardOutcomes` by test id: a failing
 * one at once, passing ones only once the checked rows were swapped in. Never throws.
 */
export async function runModelStep(
  session: Session,
  step: ModelStep | SeedStep,
  guardOutcomes?: Map<string, StepOutcome>,
): Promise<StepOutcome> {
  const passed = new Map<string, StepOutcome>();
  let statements = step.statements;
  let recovering = false;
  let inTransaction = false;
  let rowsAffected: number | undefined;
  const kind = step.resourceType === 'seed' || step.materialized !== 'view' ? 'table' : 'view';
  for (let index = 0; index < statements.length; index++) {
    const statement = at(statements, index, 'a planned statement');
    try {
      if (statement.copiesCsv && step.resourceType === 'seed') {
        rowsAffected = await session.copyFrom(statement.sql, Readable.from([step.csv]));
        continue;
      }
      const result = await session.query(statement.sql);
      if (statement.sql === 'begin') inTransaction = true;
      if (statement.sql === 'commit') inTransaction = false;
      // A seed's INSERT batches add up; any other step reports its one statement's count.
      if (statement.reportsRows)
        rowsAffected =
          step.resourceType === 'seed' ? (rowsAffected ?? 0) + (result.rowCount ?? 0) : result.rowCount;
      const guards = statement.guards ?? (statement.guard ? [statement.guard] : []);
      if (guards.length > 0) {
        const counts = (result.rows[0] ?? {}) as Record<string, unknown>;
        for (const guard of guards) {
          const failures = Number(counts[guard.countColumn ?? 'failures'] ?? 0);
          if (failures > 0) return await failedGuard(session, step, guard, failures, guardOutcomes);
          passed.set(guard.test, { status: 'success', message: 'PASS', failures, adapterResponse: ONE_ROW });
        }
        continue;
      }
      if (statement.failsWhenRows && result.rows.length > 0) {
        if (inTransaction) await session.query('rollback').catch(() => {});
        return {
          status: 'error',
          message: `Model ${step.name}: ${statement.failsWhenRows}. First: ${JSON.stringify(result.rows[0])}. Make the key unique in the model's SQL (or use incremental_strategy='delete+insert'). The ${kind} ${step.relation} is unchanged.`,
        };
      }
    } catch (error) {
      if (inTransaction) {
        await session.query('rollback').catch(() => {});
        inTransaction = false;
      }
      const code = (error as { code?: string }).code;
      const recovery = recovering
        ? undefined
        : step.recoveries.find((r) => r.at === index && code !== undefined && r.codes.includes(code));
      if (recovery) {
        recovering = true;
        statements = recovery.statements;
        index = -1;
        continue;
      }
      return await failedStatement(session, step, { statement, statements, error, recovering, kind });
    }
  }
  for (const [test, outcome] of passed) guardOutcomes?.set(test, outcome);
  return { status: 'success', ...successMessage(step, rowsAffected, recovering) };
}

/** A statement failed and no recovery applies: clean up, and say what failed and what is unchanged. */
async function failedStatement(
  session: Session,
  step: ModelStep | SeedStep,
  failure: {
    statement: PlannedStatement;
    statements: PlannedStatement[];
    error: unknown;
    recovering: boolean;
    kind: 'table' | 'view';
  },
): Promise<StepOutcome> {
  const { statement, statements, error, recovering, kind } = failure;
  const consequence =
    statement.body || statement.copiesCsv || inIncrementalRun(step, recovering)
      ? `The previous ${kind} ${step.relation} (if any) is unchanged.`
      : undefined;
  if (step.resourceType === 'seed') await dropLeftover(session, statements);
  // A folded guard's scan failed: name the test whose own count fails.
  const failed = statement.guards ? await guardCulprit(session, statement, error) : { statement, error };
  const dropNew = (statement.guard ?? statement.guards?.[0])?.dropNew;
  if (dropNew) await session.query(dropNew).catch(() => {});
  const wrapped = new WarehouseError(
    `${step.resourceType === 'seed' ? 'Seed' : 'Model'} ${step.name}`,
    failed.error,
    failed.statement,
    consequence,
  );
  const message =
    statement.copiesCsv && step.resourceType === 'seed'
      ? seedCopyMessage(step, error, consequence)
      : wrapped.message;
  return { status: 'error', message, error: wrapped };
}

const ONE_ROW: AdapterResponse = { message: 'SELECT 1', code: 'SELECT', rowsAffected: 1 };

/**
 * A guard found rows in the new table: drop it (the previous table stays), record the test's
 * failure for its own step, and end the model with an error naming the test.
 */
async function failedGuard(
  session: Session,
  step: ModelStep | SeedStep,
  guard: TestGuard,
  scanned: number,
  guardOutcomes: Map<string, StepOutcome> | undefined,
): Promise<StepOutcome> {
  // A folded guard's column only says zero or not (fold-tests.ts): the test's own count says how many.
  const recounted = guard.alone ? (await session.query(guard.alone.sql)).rows[0]?.failures : undefined;
  const failures = Number(recounted ?? 0) || scanned;
  const sample = (await session.query(guard.sample)).rows;
  for (const store of guard.store ?? []) await session.query(store);
  await session.query(guard.dropNew);
  const rows = failures === 1 ? '1 failing row' : `${failures} failing rows`;
  const stored = guard.failuresRelation ? ` All of them are in ${guard.failuresRelation}.` : '';
  guardOutcomes?.set(guard.test, {
    status: 'fail',
    message:
      `Got ${rows} (severity error), declared at ${guard.file}:${guard.line}. First: ${JSON.stringify(sample[0])}. ` +
      `Found in the new data of ${step.relation}, which was not swapped in (the table keeps its previous rows). ` +
      `Fix the data or the SQL it checks.${stored}`,
    failures,
    sample,
    adapterResponse: ONE_ROW,
  });
  return {
    status: 'error',
    message:
      `Model ${step.name} kept the previous table ${step.relation}: test ${guard.name} found ${rows} in the new data ` +
      `(first: ${JSON.stringify(sample[0])}); fix the data or the SQL (test declared at ${guard.file}:${guard.line}).`,
  };
}

/** An incremental run (not its first build) changes nothing until its commit. */
function inIncrementalRun(step: ModelStep | SeedStep, recovering: boolean): boolean {
  return step.resourceType === 'model' && step.materialized === 'incremental' && !recovering;
}

function successMessage(step: ModelStep | SeedStep, rows: number | undefined, recovering: boolean) {
  const count = rows ?? 0;
  if (step.resourceType === 'seed') {
    return {
      message: `loaded seed ${step.relation} (${count} rows)`,
      rowsAffected: rows,
      adapterResponse: { message: `COPY ${count}`, code: 'COPY', rowsAffected: rows },
    };
  }
  // An incremental run starts with its probe; a first build or --full-refresh builds a table.
  if (step.materialized === 'incremental' && !recovering && step.statements[0]?.sql.startsWith('select')) {
    return {
      message: `incremental ${step.relation}: ${count} new or changed rows`,
      rowsAffected: rows,
      adapterResponse: { message: `INSERT 0 ${count}`, code: 'INSERT', rowsAffected: rows },
    };
  }
  if (step.materialized === 'view') {
    return {
      message: `created view ${step.relation}`,
      rowsAffected: rows,
      adapterResponse: { message: 'CREATE VIEW', code: 'CREATE VIEW', rowsAffected: rows },
    };
  }
  return {
    message: `created table ${step.relation} (${count} rows)`,
    rowsAffected: rows,
    adapterResponse: { message: `SELECT ${count}`, code: 'SELECT', rowsAffected: rows } as AdapterResponse,
  };
}

/** The seed's `__etl_new` table, when the COPY into it failed. */
async function dropLeftover(session: Session, statements: PlannedStatement[]): Promise<void> {
  const drop = statements.find((s) => s.sql.startsWith('drop table if exists') && !s.sql.includes('cascade'));
  if (drop) await session.query(drop.sql).catch(() => {});
}

const COPY_CONTEXT = /COPY [^,]+, line (\d+)(?:, column ([^:]+))?/;

/** A bad CSV value: the seed file, its line (the header is line 1) and column, from pg's context. */
function seedCopyMessage(step: SeedStep, error: unknown, consequence: string | undefined): string {
  const pg = error as { message?: string; where?: string };
  const context = COPY_CONTEXT.exec(pg.where ?? '');
  const at = context
    ? `${step.file}:${context[1]}${context[2] ? ` (column "${context[2].trim()}")` : ''}`
    : step.file;
  return `Seed ${step.name} failed to load: ${at}: ${pg.message ?? String(error)}. Fix the value in the CSV, or its column_types in the YAML, and run again. ${consequence ?? ''}`.trim();
}

/** Counts the test's failing rows and, when there are some, keeps the first few. Never throws. */
export async function runTestStep(session: Session, step: TestStep): Promise<StepOutcome> {
  let statement = step.count;
  try {
    for (const store of step.store ?? []) {
      statement = store;
      await session.query(store.sql);
    }
    statement = step.count;
    const counted = await session.query<{ failures: string | number }>(statement.sql);
    const failures = Number(counted.rows[0]?.failures ?? 0);
    const adapterResponse: AdapterResponse = { message: 'SELECT 1', code: 'SELECT', rowsAffected: 1 };
    if (failures === 0) return { status: 'success', message: 'PASS', failures, adapterResponse };
    statement = step.sample;
    const sample = (await session.query(statement.sql)).rows;
    const status = step.severity === 'warn' ? 'warn' : 'fail';
    const rows = failures === 1 ? '1 failing row' : `${failures} failing rows`;
    const stored = step.failuresRelation ? ` All of them are in ${step.failuresRelation}.` : '';
    const message =
      `Got ${rows} (severity ${step.severity}), declared at ${step.file}:${step.line}. ` +
      `First: ${JSON.stringify(sample[0])}. ` +
      (status === 'warn'
        ? 'A warning: the build goes on; promote it with --warn-error to make it block.'
        : 'Fix the data or the SQL it checks.') +
      stored;
    return { status, message, failures, sample, adapterResponse };
  } catch (error) {
    const wrapped = new WarehouseError(`Test ${step.name}`, error, statement);
    return { status: 'error', message: wrapped.message, error: wrapped };
  }
}

/**
 * Runs a unit test's query (fixture rows only, no table read) and compares what it returns with
 * the expected rows on the expected columns, in any order. Never throws.
 */
export async function runUnitTestStep(session: Session, step: UnitTestStep): Promise<StepOutcome> {
  try {
    const result = await session.query(step.query.sql);
    const diff = compareRows(result.rows, result.fields, step.expectRows, step.expectColumns);
    const adapterResponse: AdapterResponse = {
      message: `SELECT ${result.rowCount}`,
      code: 'SELECT',
      rowsAffected: result.rowCount,
    };
    const failures = diff.missing.length + diff.unexpected.length;
    if (failures === 0) return { status: 'success', message: 'PASS', failures, adapterResponse };
    const show = (rows: Record<string, unknown>[]) =>
      rows
        .slice(0, 3)
        .map((row) => JSON.stringify(row))
        .join(', ');
    const parts = [
      diff.missing.length > 0 ? `${diff.missing.length} expected row(s) missing: ${show(diff.missing)}` : '',
      diff.unexpected.length > 0
        ? `${diff.unexpected.length} unexpected row(s): ${show(diff.unexpected)}`
        : '',
    ].filter(Boolean);
    return {
      status: 'fail',
      message: `Unit test ${step.name} of ${step.model.replace(/^model\./, '')} (${step.file}:${step.line}) failed: ${parts.join('; ')}. Fix the model's SQL or the expected rows.`,
      failures,
      sample: [
        ...diff.missing.map((row) => ({ diff: 'missing', ...row })),
        ...diff.unexpected.map((row) => ({ diff: 'unexpected', ...row })),
      ].slice(0, 10),
      adapterResponse,
    };
  } catch (error) {
    const wrapped = new WarehouseError(`Unit test ${step.name}`, error, step.query);
    return { status: 'error', message: wrapped.message, error: wrapped };
  }
}
