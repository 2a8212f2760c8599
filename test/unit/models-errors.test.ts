import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { CompileError } from '../../src/models/compile-error';
import { loadProject } from '../../src/models/load-project';

const BROKEN = join(__dirname, '..', 'fixtures', 'projects', 'broken');
const ROOT = join(__dirname, '..', '..');
const F = 'test/fixtures/projects/broken';

describe('models: compile errors (all reported together)', () => {
  let error: CompileError;
  before(async () => {
    try {
      await loadProject(BROKEN, { displayRoot: ROOT });
    } catch (caught) {
      assert.ok(caught instanceof CompileError, String(caught));
      error = caught;
      return;
    }
    assert.fail('the broken project compiled');
  });

  const expectProblem = (file: string, line: number, problem: RegExp, fix?: RegExp) => {
    const found = error.problems.find((p) => p.file === `${F}/${file}` && problem.test(p.problem));
    assert.ok(found, `no problem ${problem} in ${file}; got:\n${error.message}`);
    assert.equal(found.line, line, `line of ${problem}`);
    assert.ok(found.fix.length > 0, 'every problem says how to fix it');
    if (fix) assert.match(found.fix, fix);
  };

  it('throws one CompileError listing every problem, sorted by file and line', () => {
    assert.equal(error.problems.length, 15, error.message);
    assert.match(error.message, /^The SQL project has 15 problems; nothing was run:\n {2}1\. /);
    const keys = error.problems.map((p) => `${p.file}:${String(p.line).padStart(4, '0')}`);
    assert.deepEqual(keys, [...keys].sort());
  });

  it('a template syntax error, with file and line', () => {
    expectProblem('staging/stg_syntax.sql', 2, /^template syntax error: parseSignature: expected comma/);
  });

  it('an unknown ref, with a did-you-mean', () => {
    expectProblem(
      'staging/stg_orders.sql',
      3,
      /^ref\('stg_custmers'\) names no model\. Did you mean "stg_customers"\?$/,
    );
    expectProblem('tests/assert_something.sql', 2, /^ref\('no_such_model'\) names no model\.$/);
  });

  it('an unknown source or source table, with a did-you-mean', () => {
    expectProblem(
      'staging/stg_orders.sql',
      2,
      /^source "raw" has no table "orderz"\. Did you mean "orders"\?$/,
    );
    expectProblem(
      'staging/stg_payments.sql',
      2,
      /names no source "rwa"\. Did you mean "raw"\?$/,
      /sources\.yml/,
    );
  });

  it('a duplicate model name, naming both files', () => {
    expectProblem(
      'staging/stg_customers.sql',
      1,
      new RegExp(
        `two models are named "stg_customers": ${F}/marts/stg_customers\\.sql and ${F}/staging/stg_customers\\.sql`,
      ),
    );
  });

  it('YAML describing an unknown model, a nameless column, an unknown test, a missing argument', () => {
    expectProblem(
      'staging/_staging.yml',
      10,
      /^model "stg_ordrs" is described here but no stg_ordrs\.sql exists/,
    );
    expectProblem('staging/_staging.yml', 4, /^a column entry in "stg_customers" has no name$/);
    expectProblem('staging/_staging.yml', 6, /^unknown test "uniqe"\. Did you mean "unique"\?$/);
    expectProblem('staging/_staging.yml', 9, /^test "accepted_values": the argument "values" is missing$/);
  });

  it('an invalid identifier', () => {
    expectProblem('staging/stg-bad-name.sql', 1, /^invalid model name "stg-bad-name"/, /Rename it/);
  });

  it('an unknown folder config key in project.yml, an incremental merge without unique_key', () => {
    expectProblem('project.yml', 3, /^unknown model config "materialised"\. Did you mean "materialized"\?/);
    expectProblem(
      'marts/incremental.sql',
      1,
      /^incremental_strategy 'merge' needs a unique_key/,
      /Add unique_key='<key column>'/,
    );
  });

  it('a trailing semicolon', () => {
    expectProblem('marts/semicolon.sql', 1, /^the model ends with a semicolon$/);
  });

  it('a dependency cycle, naming the whole path and the ref() lines that make it', () => {
    expectProblem(
      'marts/cycle_b.sql',
      3,
      /^dependency cycle: cycle_a -> cycle_b -> cycle_a$/,
      new RegExp(
        `${F}/marts/cycle_b\\.sql:3 ref\\('cycle_a'\\)\\n\\s+${F}/marts/cycle_a\\.sql:2 ref\\('cycle_b'\\)`,
      ),
    );
  });
});
