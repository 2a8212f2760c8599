import type { Session } from '../warehouse/warehouse';
import type { ModelStep, PlannedStatement, TestStep } from './plan-types';
import type { AdapterResponse, NodeResult } from './run-result';
import { WarehouseError } from './warehouse-error';

export type StepOutcome = Pick<
  NodeResult,
  'status' | 'message' | 'rowsAffected' | 'adapterResponse' | 'failures' | 'sample' | 'error'
>;

/**
 * Runs a model's statements in order on one session. When a statement fails inside a transaction
 * it is rolled back; when the plan has a recovery for that statement and error code, the recovery
 * runs instead of the rest (once). Never throws.
 */
export async function runModelStep(session: Session, step: ModelStep): Promise<StepOutcome> {
  let statements = step.statements;
  let recovering = false;
  let inTransaction = false;
  let rowsAffected: number | undefined;
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index] as PlannedStatement;
    try {
      const result = await session.query(statement.sql);
      if (statement.sql === 'begin') inTransaction = true;
      if (statement.sql === 'commit') inTransaction = false;
      if (statement.reportsRows) rowsAffected = result.rowCount;
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
      const kind = step.materialized === 'table' ? 'table' : 'view';
      const consequence = statement.body
        ? `The previous ${kind} ${step.relation} (if any) is unchanged.`
        : undefined;
      const wrapped = new WarehouseError(`Model ${step.name}`, error, statement, consequence);
      return { status: 'error', message: wrapped.message, error: wrapped };
    }
  }
  const adapterResponse: AdapterResponse = {
    message: step.materialized === 'table' ? `SELECT ${rowsAffected ?? 0}` : 'CREATE VIEW',
    code: step.materialized === 'table' ? 'SELECT' : 'CREATE VIEW',
    rowsAffected,
  };
  const message =
    step.materialized === 'table'
      ? `created table ${step.relation} (${rowsAffected ?? 0} rows)`
      : `created view ${step.relation}`;
  return { status: 'success', message, rowsAffected, adapterResponse };
}

/** Counts the test's failing rows and, when there are some, keeps the first few. Never throws. */
export async function runTestStep(session: Session, step: TestStep): Promise<StepOutcome> {
  let statement = step.count;
  try {
    const counted = await session.query<{ failures: string | number }>(statement.sql);
    const failures = Number(counted.rows[0]?.failures ?? 0);
    const adapterResponse: AdapterResponse = { message: 'SELECT 1', code: 'SELECT', rowsAffected: 1 };
    if (failures === 0) return { status: 'success', message: 'PASS', failures, adapterResponse };
    statement = step.sample;
    const sample = (await session.query(statement.sql)).rows;
    const status = step.severity === 'warn' ? 'warn' : 'fail';
    const rows = failures === 1 ? '1 failing row' : `${failures} failing rows`;
    const message =
      `Got ${rows} (severity ${step.severity}), declared at ${step.file}:${step.line}. ` +
      `First: ${JSON.stringify(sample[0])}` +
      '. Fix the data or the SQL it checks.';
    return { status, message, failures, sample, adapterResponse };
  } catch (error) {
    const wrapped = new WarehouseError(`Test ${step.name}`, error, statement);
    return { status: 'error', message: wrapped.message, error: wrapped };
  }
}
