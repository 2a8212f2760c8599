import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CompiledProject } from '../../src/models/compiled-project';
import { loadProject } from '../../src/models/load-project';
import { planBuild } from '../../src/runner/plan';
import type { TestStep } from '../../src/runner/plan-types';
import { parseWarnErrorOptions, WARN_ERROR_ALL } from '../../src/runner/warn-error';
import { PostgresDialect } from '../../src/warehouse/dialect';

const SHOP = join(__dirname, '..', 'fixtures', 'projects', 'shop');
const dialect = new PostgresDialect();
/** The shop fixture's one warn-severity test (accepted_values on stg_orders.status). */
const WARN_TEST = 'accepted_values_stg_orders_status__placed__shipped';

describe('runner: --warn-error and --warn-error-options', () => {
  let project: CompiledProject;
  before(async () => {
    project = await loadProject(SHOP);
    assert.equal(project.tests.find((t) => t.name === WARN_TEST)?.severity, 'warn');
  });

  const severities = (options: Parameters<typeof planBuild>[2]) =>
    Object.fromEntries(
      planBuild(project, dialect, options)
        .steps.filter((s): s is TestStep => s.resourceType === 'test')
        .map((s) => [s.name, s.severity]),
    );

  it('reads dbt’s JSON forms: include all or names, exclude names, error/warn as aliases', () => {
    assert.deepEqual(parseWarnErrorOptions('{"include": "all"}'), { include: 'all', exclude: [] });
    assert.deepEqual(parseWarnErrorOptions('{"include": "*", "exclude": ["a"]}'), {
      include: 'all',
      exclude: ['a'],
    });
    assert.deepEqual(parseWarnErrorOptions('{"include": ["a", "b"]}'), { include: ['a', 'b'], exclude: [] });
    assert.deepEqual(parseWarnErrorOptions('{"error": "all", "warn": ["c"]}'), {
      include: 'all',
      exclude: ['c'],
    });
  });

  it('refuses malformed options with a message showing the expected form', () => {
    for (const [text, problem] of [
      ['{include: all}', /not valid JSON/],
      ['["all"]', /must be a JSON object/],
      ['{"include": "some"}', /include must be "all" or a list of test names/],
      ['{"include": "all", "exclude": "x"}', /exclude must be a list of test names/],
      ['{"inclde": "all"}', /unknown key "inclde"/],
    ] as const) {
      assert.throws(
        () => parseWarnErrorOptions(text),
        (error: Error) => {
          assert.match(error.message, problem);
          assert.match(error.message, /Expected JSON such as/);
          return true;
        },
      );
    }
  });

  it('leaves severities as declared without the options', () => {
    const declared = Object.fromEntries(project.tests.map((t) => [t.name, t.severity]));
    assert.deepEqual(severities({}), declared);
  });

  it('--warn-error makes every warn-severity test an error and touches nothing else', () => {
    const promoted = severities({ warnError: WARN_ERROR_ALL });
    assert.equal(promoted[WARN_TEST], 'error');
    assert.ok(Object.values(promoted).every((severity) => severity === 'error'));
    // The compiled project itself is not changed (a notebook reuses it).
    assert.equal(project.tests.find((t) => t.name === WARN_TEST)?.severity, 'warn');
  });

  it('exclude keeps a warning; include of other tests does not promote it; unknown names are warned', () => {
    assert.equal(severities({ warnError: { include: 'all', exclude: [WARN_TEST] } })[WARN_TEST], 'warn');
    assert.equal(severities({ warnError: { include: [WARN_TEST], exclude: [] } })[WARN_TEST], 'error');
    const plan = planBuild(project, dialect, { warnError: { include: ['no_such_test'], exclude: [] } });
    const step = plan.steps.find((s) => s.name === WARN_TEST) as TestStep;
    assert.equal(step.severity, 'warn');
    assert.deepEqual(plan.warnings, [
      '--warn-error-options names "no_such_test", which is no test of the project.',
    ]);
  });
});
