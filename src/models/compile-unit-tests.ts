import type { Dialect } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import type { ColumnDoc, UnitTestNode } from './compiled-project';
import { didYouMean } from './did-you-mean';
import { prependCtes } from './inline-ephemerals';
import { unitTestId } from './node-ids';
import type { SourceFile } from './project-files';
import { identifierProblem } from './sql-checks';
import { Relation, renderTemplate, type TemplateScope } from './template-renderer';
import { fixtureSql, rowsOfRelationSql } from './unit-test-fixture-sql';
import type { FixtureRow, UnitTestSpec } from './unit-test-spec';

/** What a unit test needs to know of a model: its template and the relation `this` means. */
export interface UnitTestModel {
  source: SourceFile;
  /** Declared columns (with `data_type`), to type an input's fixture rows. */
  columns: ColumnDoc[];
}

export interface UnitTestInput {
  specs: UnitTestSpec[];
  models: Map<string, UnitTestModel>;
  /** Declared column types of every ref-able or source input, by `ref:<name>` / `source:<src>.<table>`. */
  declaredColumns: Map<string, Array<{ name: string; type?: string }>>;
  /** The project's final scope (with macros); ref/source/this are replaced by fixtures. */
  scope: TemplateScope;
  dialect: Dialect;
  problems: CompileProblem[];
  /**
   * dbt's way (dbt projects on PostgreSQL): an input's rows take the columns and types of the built
   * relation it stands for, missing columns null. Gives the relation and its unique id for an input key.
   */
  inputRelation?: (key: string) => { relation: string; uniqueId: string } | undefined;
}

const THIS_CTE = '__unit_this';

/**
 * Compiles dbt 1.8 unit tests: the model's template rendered again with each `ref()` / `source()`
 * (and `this`) it reads replaced by a CTE of the given rows, typed by the columns the YAML
 * declares (a seed's column_types, a `data_type:`) or else by the values (integer, numeric,
 * boolean, text). The result reads no relation, so it runs without building anything upstream.
 */
export function compileUnitTests(input: UnitTestInput): UnitTestNode[] {
  const nodes: UnitTestNode[] = [];
  const seen = new Set<string>();
  for (const spec of input.specs) {
    const at = { file: spec.file, line: spec.line };
    const model = input.models.get(spec.model);
    if (!model) {
      input.problems.push({
        ...at,
        problem: `unit test "${spec.name}" tests model "${spec.model}", which does not exist.${didYouMean(spec.model, input.models.keys())}`,
        fix: 'Write model: <the model file name without .sql>.',
      });
      continue;
    }
    const id = unitTestId(spec.model, spec.name);
    if (seen.has(id)) {
      input.problems.push({
        ...at,
        problem: `two unit tests of ${spec.model} are named "${spec.name}"`,
        fix: 'Rename one.',
      });
      continue;
    }
    seen.add(id);
    const node = compileOne(spec, model, input);
    if (node) nodes.push(node);
  }
  return nodes;
}

/** A given's rows and the CTE they become; `used` once the model's template reads the input. */
interface Fixture {
  cte: string;
  rows: FixtureRow[];
  line: number;
  used: boolean;
}

type Fail = (line: number, problem: string, fix: string) => void;

function compileOne(
  spec: UnitTestSpec,
  model: UnitTestModel,
  input: UnitTestInput,
): UnitTestNode | undefined {
  const { dialect, problems } = input;
  const fixtures = readFixtures(spec, problems);
  if (!fixtures) return undefined;
  const rendered = renderWithFixtures(model, spec, input, fixtures);
  if (!rendered) return undefined;
  let ok = true;
  const fail: Fail = (line, problem, fix) => {
    ok = false;
    problems.push({ file: spec.file, line, problem: `unit test "${spec.name}": ${problem}`, fix });
  };
  checkFixturesRead(spec, fixtures, rendered, fail);
  const { ctes, dependsOn } = fixtureCtes(fixtures, model, input, fail);
  const expectColumns = [...new Set(spec.expectRows.flatMap((row) => Object.keys(row)))];
  for (const column of expectColumns) {
    const bad = identifierProblem(dialect, column, 'expected column');
    if (bad) fail(spec.line, bad.problem, bad.fix);
  }
  if (!ok) return undefined;
  const inlined = prependCtes(rendered.sql.trimEnd(), ctes);
  const selectList =
    expectColumns.length > 0 ? expectColumns.map((c) => dialect.quoteIdentifier(c)).join(', ') : '*';
  return {
    resourceType: 'unit_test',
    uniqueId: unitTestId(spec.model, spec.name),
    name: spec.name,
    model: `model.${spec.model}`,
    description: spec.description,
    tags: spec.tags,
    file: spec.file,
    path: spec.path,
    line: spec.line,
    dependsOn,
    compiledSql: `select ${selectList} from (\n${inlined.sql}\n) as dbt_internal_unit_test_actual`,
    expectRows: spec.expectRows,
    expectColumns,
  };
}

/** The givens by input key (`ref:x`, `source:raw.t`, `this`); undefined when one cannot be read. */
function readFixtures(spec: UnitTestSpec, problems: CompileProblem[]): Map<string, Fixture> | undefined {
  const fixtures = new Map<string, Fixture>();
  for (const [index, given] of spec.given.entries()) {
    const key = inputKey(given.input);
    if (!key) {
      problems.push({
        file: spec.file,
        line: given.line,
        problem: `unit test "${spec.name}": cannot read the input ${JSON.stringify(given.input)}`,
        fix: "Write input: ref('model_name'), input: source('raw', 'table') or input: this.",
      });
      return undefined;
    }
    fixtures.set(key, { cte: `__unit_given_${index + 1}`, rows: given.rows, line: given.line, used: false });
  }
  return fixtures;
}

/**
 * The model's template rendered with each ref/source/this it reads pointing at its fixture's CTE;
 * `missing` lists what it reads that no given provides. Marks the fixtures it reads as used.
 */
function renderWithFixtures(
  model: UnitTestModel,
  spec: UnitTestSpec,
  input: UnitTestInput,
  fixtures: Map<string, Fixture>,
): { sql: string; missing: string[]; readsThis: boolean } | undefined {
  const missing: string[] = [];
  const fixtureRelation = (key: string, written: string) => {
    const fixture = fixtures.get(key);
    if (fixture) {
      fixture.used = true;
      return new Relation('', fixture.cte, `"${fixture.cte}"`);
    }
    if (!missing.includes(written)) missing.push(written);
    return new Relation('', 'missing', '"__unit_missing"');
  };
  const thisFixture = fixtures.get('this');
  const scope: TemplateScope = {
    ...input.scope,
    isIncremental: spec.isIncremental,
    self: thisFixture
      ? new Relation('', thisFixture.cte, `"${thisFixture.cte}"`)
      : new Relation('', THIS_CTE, `"${THIS_CTE}"`),
    ref: (name) => (input.scope.ref(name) ? fixtureRelation(`ref:${name}`, `ref('${name}')`) : undefined),
    source: (sourceName, table) =>
      input.scope.source(sourceName, table)
        ? fixtureRelation(`source:${sourceName}.${table}`, `source('${sourceName}', '${table}')`)
        : undefined,
  };
  // The model's own problems were reported when it compiled; here only the substitution matters.
  const rendered = renderTemplate(model.source, scope, []);
  if (rendered.sql === undefined) return undefined;
  if (thisFixture) thisFixture.used = true;
  const readsThis = !thisFixture && rendered.sql.includes(`"${THIS_CTE}"`);
  return { sql: rendered.sql, missing, readsThis };
}

/** Every input the model reads has a given, and every given is read. */
function checkFixturesRead(
  spec: UnitTestSpec,
  fixtures: Map<string, Fixture>,
  rendered: { missing: string[]; readsThis: boolean },
  fail: Fail,
): void {
  for (const written of rendered.missing) {
    fail(
      spec.line,
      `model ${spec.model} reads ${written} but no given provides its rows`,
      `Add to given: - input: ${written} with its rows (rows: [] for none); a unit test never reads a real table.`,
    );
  }
  if (rendered.readsThis) {
    fail(
      spec.line,
      `model ${spec.model} reads {{ this }} but no given provides its rows`,
      'Add to given: - input: this with the rows the existing table holds.',
    );
  }
  for (const [key, fixture] of fixtures) {
    if (!fixture.used)
      fail(
        fixture.line,
        `the model does not read the input ${key.replace(/^\w+:/, '')}`,
        'Remove this given, or correct its input.',
      );
  }
}

/** One CTE per given: typed literals, or (dbt projects on PostgreSQL) rows of the real relation's type. */
function fixtureCtes(
  fixtures: Map<string, Fixture>,
  model: UnitTestModel,
  input: UnitTestInput,
  fail: Fail,
): { ctes: Array<{ name: string; sql: string }>; dependsOn: string[] } {
  const ctes: Array<{ name: string; sql: string }> = [];
  const dependsOn: string[] = [];
  for (const [key, fixture] of fixtures) {
    const real = key === 'this' ? undefined : input.inputRelation?.(key);
    if (real) {
      dependsOn.push(real.uniqueId);
      ctes.push({ name: fixture.cte, sql: rowsOfRelationSql(fixture.rows, real.relation, input.dialect) });
      continue;
    }
    const declared =
      key === 'this'
        ? model.columns.map((c) => ({ name: c.name, type: c.dataType }))
        : (input.declaredColumns.get(key) ?? []);
    const sql = fixtureSql(fixture.rows, declared, input.dialect, (problem, fix) =>
      fail(fixture.line, problem, fix),
    );
    if (sql) ctes.push({ name: fixture.cte, sql });
  }
  return { ctes, dependsOn };
}

/** `ref('x')` → `ref:x`, `source('raw', 't')` → `source:raw.t`, `this` → `this`. */
function inputKey(text: string): string | undefined {
  const input = text.replace(/^\{\{\s*|\s*\}\}$/g, '').trim();
  if (input === 'this') return 'this';
  const ref = /^ref\(\s*(['"])(\w+)\1\s*\)$/.exec(input);
  if (ref) return `ref:${ref[2]}`;
  const source = /^source\(\s*(['"])(\w+)\1\s*,\s*(['"])(\w+)\3\s*\)$/.exec(input);
  return source ? `source:${source[2]}.${source[4]}` : undefined;
}
