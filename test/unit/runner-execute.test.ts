import { strict as assert } from 'node:assert';
import { compileProject } from '../../src/models/compile-project';
import type { CompiledProject } from '../../src/models/compiled-project';
import { executePlan } from '../../src/runner/execute';
import { planBuild } from '../../src/runner/plan';
import type { NodeResult, RunEvent, RunResult } from '../../src/runner/run-result';
import { manifestJson, runResultsJson } from '../../src/runner/run-results';
import { PostgresDialect } from '../../src/warehouse/dialect';
import type { QueryResult, Session, Warehouse } from '../../src/warehouse/warehouse';
import { WarehouseError } from '../../src/warehouse/warehouse-error';
import { memoryProject } from '../fixtures/projects/memory-project';

type Answer = Partial<QueryResult> | Error;

/**
 * A Warehouse that answers from a function (typed structurally like the real one): records every
 * statement per session and how many sessions were open at once.
 */
class FakeWarehouse implements Warehouse {
  readonly target = 'local';
  readonly dialect = new PostgresDialect();
  readonly description = 'fake';
  readonly statements: string[] = [];
  open = 0;
  maxOpen = 0;
  failSessions = false;

  constructor(private readonly answer: (sql: string) => Answer | undefined = () => undefined) {}

  async query<R>(sql: string): Promise<QueryResult<R>> {
    return this.run(sql) as Promise<QueryResult<R>>;
  }

  async withSession<T>(work: (session: Session) => Promise<T>): Promise<T> {
    if (this.failSessions) throw new Error('connection refused');
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    try {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return await work({
        query: <R>(sql: string) => this.run(sql) as Promise<QueryResult<R>>,
        copyFrom: async () => 0,
      });
    } finally {
      this.open--;
    }
  }

  transaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return this.withSession(work);
  }

  async close(): Promise<void> {}

  private async run(sql: string): Promise<QueryResult> {
    this.statements.push(sql);
    await new Promise((resolve) => setImmediate(resolve));
    const answer = this.answer(sql);
    if (answer instanceof Error) throw answer;
    const rows = answer?.rows ?? (sql.startsWith('select count(*) as failures') ? [{ failures: '0' }] : []);
    return { rows, rowCount: answer?.rowCount ?? rows.length, fields: [] };
  }
}

const pgError = (message: string, fields: Record<string, string>) =>
  Object.assign(new Error(message), fields);

/** a → b (table) → c, plus d alone; tests on a (unique) and b (not_null, warn-severity accepted_values). */
const PROJECT = {
  'sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: t\n',
  'project.yml': 'name: p\nmodels:\n  marts: { materialized: table }\n',
  'staging/a.sql': "select id, kind from {{ source('raw', 't') }}",
  'staging/d.sql': "select 1 as one from {{ source('raw', 't') }}",
  'marts/b.sql': "select *\nfrom {{ ref('a') }}\nwhere id > 0",
  'staging/c.sql': "select * from {{ ref('b') }}",
  'staging/_s.yml':
    'models:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [unique]\n      - name: kind\n        data_tests:\n          - accepted_values: { values: [x], severity: warn }\n',
  'marts/_m.yml': 'models:\n  - name: b\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
};

describe('runner: execute (fake warehouse)', () => {
  let project: CompiledProject;
  before(() => {
    project = compileProject(memoryProject(PROJECT));
  });
  const run = (warehouse: Warehouse, threads = 4, onEvent?: (event: RunEvent) => void) =>
    executePlan(warehouse, planBuild(project, warehouse.dialect), { threads, onEvent });
  const byName = (run: RunResult, name: string): NodeResult => {
    const result = run.results.find((r) => r.name === name);
    assert.ok(result, name);
    return result;
  };

  it('runs every step and reports success, rows built, timing and adapter responses', async () => {
    const warehouse = new FakeWarehouse((sql) =>
      sql.startsWith('create table') ? { rowCount: 42 } : undefined,
    );
    const result = await run(warehouse);
    assert.equal(result.ok, true);
    assert.deepEqual(result.counts, { success: 7, error: 0, fail: 0, warn: 0, skipped: 0 });
    const b = byName(result, 'b');
    assert.equal(b.rowsAffected, 42);
    assert.deepEqual(b.adapterResponse, { message: 'SELECT 42', code: 'SELECT', rowsAffected: 42 });
    assert.match(b.message, /created table "marts"\."b" \(42 rows\)/);
    assert.ok(b.startedAt && b.finishedAt && b.seconds >= 0 && b.threadId);
    assert.equal(byName(result, 'unique_a_id').message, 'PASS');
    assert.equal(byName(result, 'unique_a_id').failures, 0);
    assert.equal(warehouse.statements[0], 'create schema if not exists "marts"');
  });

  describe('serializable-isolation aborts (Redshift ERROR 1023) are retried with backoff, a bounded number of times', () => {
    const abort = () =>
      pgError(
        'ERROR: 1023 DETAIL: Serializable isolation violation on table - 156130, transactions forming the cycle are: 1070, 1071 (pid:2914)',
        { code: 'XX000' },
      );
    /** Fails the first `n` creates of table b with the abort. */
    const abortingB = (n: number) => {
      let attempts = 0;
      return new FakeWarehouse((sql) => {
        if (!sql.startsWith('create table "marts"."b__etl_new"')) return undefined;
        attempts++;
        return attempts <= n ? abort() : { rowCount: 5 };
      });
    };
    const retrying = (warehouse: Warehouse) =>
      executePlan(warehouse, planBuild(project, warehouse.dialect), {
        retry: { retries: 3, baseDelayMs: 1 },
      });
    const creates = (warehouse: FakeWarehouse) =>
      warehouse.statements.filter((sql) => sql.startsWith('create table "marts"."b__etl_new"')).length;

    it('two aborts, then success: the model is built, and its message says it was retried', async () => {
      const warehouse = abortingB(2);
      const result = await retrying(warehouse);
      assert.equal(result.ok, true);
      assert.equal(creates(warehouse), 3);
      assert.match(
        byName(result, 'b').message,
        /\(5 rows\) \(after 2 retries on serializable-isolation aborts\)$/,
      );
      assert.equal(byName(result, 'c').status, 'success');
    });

    it('aborts every time: an error after 1 + 3 attempts, naming the abort and what to do', async () => {
      const warehouse = abortingB(100);
      const result = await retrying(warehouse);
      assert.equal(creates(warehouse), 4);
      const b = byName(result, 'b');
      assert.equal(b.status, 'error');
      assert.match(
        b.message,
        /1023[\s\S]*still a serializable-isolation abort after 3 retries: .*lower --threads/,
      );
      assert.equal(byName(result, 'c').status, 'skipped');
    });

    it('any other error is not retried', async () => {
      const warehouse = new FakeWarehouse((sql) =>
        sql.startsWith('create table "marts"."b__etl_new"')
          ? pgError('relation "a" does not exist', { code: '42P01' })
          : undefined,
      );
      const result = await retrying(warehouse);
      assert.equal(creates(warehouse), 1);
      assert.doesNotMatch(byName(result, 'b').message, /retr/);
    });
  });

  it('a failing test is `fail` with its count and sample; what reads its model is skipped, the rest runs', async () => {
    const warehouse = new FakeWarehouse((sql) => {
      if (!sql.includes('"id" as unique_field')) return undefined;
      return sql.startsWith('select count(*)')
        ? { rows: [{ failures: '3' }] }
        : { rows: [1, 2, 3].map((n) => ({ unique_field: n, n_records: '2' })) };
    });
    const result = await run(warehouse);
    const failed = byName(result, 'unique_a_id');
    assert.equal(failed.status, 'fail');
    assert.equal(failed.failures, 3);
    assert.equal(failed.sample?.length, 3);
    assert.match(
      failed.message,
      /^Got 3 failing rows \(severity error\), declared at sql\/staging\/_s\.yml:5\./,
    );
    for (const name of ['b', 'c', 'not_null_b_id']) {
      assert.equal(byName(result, name).status, 'skipped', name);
      assert.equal(byName(result, name).skippedBecause, 'test.unique_a_id');
      assert.match(
        byName(result, name).message,
        /skipped because test unique_a_id failed \(3 failing rows\)/,
      );
    }
    assert.equal(byName(result, 'd').status, 'success');
    assert.equal(byName(result, 'accepted_values_a_kind__x').status, 'success');
    assert.equal(result.ok, false);
    assert.ok(!warehouse.statements.some((sql) => sql.includes('"marts"."b"')), 'b never ran');
  });

  it('a warn-severity test with failures is `warn` and skips nothing', async () => {
    const warehouse = new FakeWarehouse((sql) =>
      sql.includes('value_field not in') && sql.startsWith('select count(*)')
        ? { rows: [{ failures: 1 }] }
        : undefined,
    );
    const result = await run(warehouse);
    assert.equal(byName(result, 'accepted_values_a_kind__x').status, 'warn');
    assert.equal(result.counts.skipped, 0);
    assert.equal(result.ok, true);
  });

  it('a model error is `error` with a located WarehouseError; the old table is not touched; descendants skip', async () => {
    const warehouse = new FakeWarehouse((sql) =>
      sql.startsWith('create table "marts"."b__etl_new"')
        ? pgError('column "id" does not exist', {
            code: '42703',
            position: String(sql.indexOf('where id') + 7),
          })
        : undefined,
    );
    const result = await run(warehouse);
    const b = byName(result, 'b');
    assert.equal(b.status, 'error');
    assert.ok(b.error instanceof WarehouseError);
    assert.equal(b.error.code, '42703');
    assert.deepEqual([b.error.location?.file, b.error.location?.line], ['sql/marts/b.sql', 3]);
    assert.match(b.message, /The previous table "marts"\."b" \(if any\) is unchanged\./);
    assert.ok(
      !warehouse.statements.some((sql) => sql.startsWith('drop table if exists "marts"."b" cascade')),
    );
    assert.equal(byName(result, 'c').status, 'skipped');
    assert.match(byName(result, 'c').message, /skipped because model b had an error/);
    assert.equal(byName(result, 'not_null_b_id').status, 'skipped');
  });

  it('rolls back a failed swap and runs the recovery when the code matches (a view where the table goes)', async () => {
    const warehouse = new FakeWarehouse((sql) =>
      sql === 'drop table if exists "marts"."b" cascade'
        ? pgError('"b" is not a table', { code: '42809', hint: 'Use DROP VIEW to remove a view.' })
        : undefined,
    );
    const result = await run(warehouse, 1);
    assert.equal(byName(result, 'b').status, 'success');
    const from = warehouse.statements.indexOf('drop table if exists "marts"."b" cascade');
    assert.deepEqual(warehouse.statements.slice(from, from + 10), [
      'drop table if exists "marts"."b" cascade',
      'rollback',
      'begin',
      'drop view if exists "marts"."b" cascade',
      'alter table "marts"."b__etl_new" rename to "b"',
      'commit',
      'begin',
      'set local default_statistics_target = 10',
      'analyze "marts"."b"',
      'commit',
    ]);
  });

  it('recreates a view whose columns changed', async () => {
    const warehouse = new FakeWarehouse((sql) =>
      sql.startsWith('create or replace view "staging"."a"')
        ? pgError('cannot drop columns from view', { code: '42P16' })
        : undefined,
    );
    const result = await run(warehouse, 1);
    assert.equal(byName(result, 'a').status, 'success');
    assert.ok(warehouse.statements.includes('drop view if exists "staging"."a" cascade'));
  });

  it('runs independent steps concurrently up to `threads`, each on its own session', async () => {
    const four = new FakeWarehouse();
    await run(four, 4);
    assert.ok(four.maxOpen > 1 && four.maxOpen <= 4, `max open sessions ${four.maxOpen}`);
    const one = new FakeWarehouse();
    await run(one, 1);
    assert.equal(one.maxOpen, 1);
  });

  it('never throws: schema failure or no session still gives every node a result', async () => {
    const setupFails = new FakeWarehouse((sql) =>
      sql.startsWith('create schema')
        ? pgError('permission denied for database', { code: '42501' })
        : undefined,
    );
    const failed = await run(setupFails);
    assert.equal(failed.ok, false);
    assert.match(failed.setupError as string, /permission denied/);
    assert.ok(
      failed.results.every((r) => r.status === 'skipped' && /creating the schemas failed/.test(r.message)),
    );

    const noSessions = new FakeWarehouse();
    noSessions.failSessions = true;
    const project2 = compileProject(memoryProject({ 'staging/x.sql': 'select 1 as x' }));
    const result = await executePlan(noSessions, { ...planBuild(project2, noSessions.dialect), setup: [] });
    assert.equal(result.results[0]?.status, 'error');
    assert.match(
      result.results[0]?.message as string,
      /could not get a warehouse session: connection refused/,
    );
  });

  it('reports progress events and ignores an exception thrown by the listener', async () => {
    const events: string[] = [];
    const result = await run(new FakeWarehouse(), 2, (event) => {
      events.push(event.type === 'node-finish' ? `finish:${event.result.name}` : event.type);
      throw new Error('listener bug');
    });
    assert.equal(result.ok, true);
    assert.equal(events[0], 'run-start');
    assert.equal(events.at(-1), 'run-finish');
    assert.equal(events.filter((e) => e === 'node-start').length, 7);
    assert.equal(events.filter((e) => e.startsWith('finish:')).length, 7);
  });

  it('shapes run_results.json and manifest.json like dbt’s', async () => {
    const warehouse = new FakeWarehouse((sql) =>
      sql.includes('"id" as unique_field') && sql.startsWith('select count(*)')
        ? { rows: [{ failures: 1 }] }
        : undefined,
    );
    const result = await run(warehouse);
    const json = runResultsJson(result, { args: { select: [] }, invocationId: 'inv-1', target: 'local' }) as {
      metadata: Record<string, unknown>;
      results: Array<Record<string, unknown>>;
      args: Record<string, unknown>;
      elapsed_time: number;
    };
    assert.equal(json.metadata.invocation_id, 'inv-1');
    assert.deepEqual(json.args, { threads: 4, select: [] });
    const unique = json.results.find((r) => r.unique_id === 'test.unique_a_id');
    assert.deepEqual([unique?.status, unique?.failures], ['fail', 1]);
    const passed = json.results.find((r) => r.unique_id === 'test.not_null_b_id');
    assert.equal(passed?.status, 'skipped');
    const accepted = json.results.find((r) => r.unique_id === 'test.accepted_values_a_kind__x');
    assert.equal(accepted?.status, 'pass');
    assert.deepEqual(Object.keys(json.results[0] ?? {}).slice(0, 8), [
      'unique_id',
      'status',
      'timing',
      'thread_id',
      'execution_time',
      'message',
      'failures',
      'failing_rows_sample',
    ]);
    const manifest = manifestJson(project) as {
      nodes: Record<string, Record<string, unknown>>;
      child_map: Record<string, string[]>;
    };
    const b = manifest.nodes['model.b'];
    assert.deepEqual(b?.depends_on, { nodes: ['model.a'] });
    assert.deepEqual(b?.config, { materialized: 'table', schema: 'marts', tags: [] });
    assert.deepEqual(b?.tests, ['test.not_null_b_id']);
    assert.match(String(b?.compiled_code), /^select \*\nfrom "staging"\."a"\nwhere id > 0$/);
    assert.deepEqual(manifest.child_map['model.a']?.sort(), [
      'model.b',
      'test.accepted_values_a_kind__x',
      'test.unique_a_id',
    ]);
    assert.deepEqual(JSON.parse(JSON.stringify(json)).results.length, 7);
  });
});
