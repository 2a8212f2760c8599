import { createHash } from 'node:crypto';
import type { Dag } from '../graph/dag';
import type { Dialect } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import type {
  ModelNode,
  ProjectNode,
  SeedNode,
  Severity,
  SourceTableNode,
  TestNode,
} from './compiled-project';
import { didYouMean } from './did-you-mean';
import { readTags } from './model-config';
import { sourceId, testId, uniqueIds } from './node-ids';
import { baseName, type SourceFile } from './project-files';
import { refIdOf } from './project-scope';
import type { ModelSpec, SeedSpec, SourceTableSpec } from './schema-yaml';
import { checkStatementBody, identifierProblem } from './sql-checks';
import { renderTemplate, type TemplateScope } from './template-renderer';
import type { TestSpec } from './test-spec';

export interface GenericTestInput {
  models: ModelNode[];
  seeds: SeedNode[];
  seedSpecs: SeedSpec[];
  sources: SourceTableNode[];
  specs: Map<string, ModelSpec>;
  sourceSpecs: SourceTableSpec[];
  scope: TemplateScope;
  dialect: Dialect;
  problems: CompileProblem[];
}

interface Target {
  uniqueId: string;
  /** `<model>` or `<source>_<table>`, for the test's name. */
  nameBase: string;
  /** `source_` for source tests, as dbt names them. */
  prefix: string;
  relation: string;
}

/** The YAML-declared tests of models and sources, each compiled into a SELECT of failing rows. */
export function compileGenericTests(input: GenericTestInput): TestNode[] {
  const tests: TestNode[] = [];
  for (const seed of input.seeds) {
    const target = { uniqueId: seed.uniqueId, nameBase: seed.name, prefix: '', relation: seed.relation };
    for (const spec of input.seedSpecs.find((s) => s.name === seed.name)?.tests ?? []) {
      const test = genericTest(spec, target, input);
      if (test) tests.push(test);
    }
  }
  for (const model of input.models) {
    // An ephemeral model is tested through its inlined SQL: the test reads the CTE.
    const relation = input.scope.ref(model.name)?.toString() ?? model.relation;
    const target = { uniqueId: model.uniqueId, nameBase: model.name, prefix: '', relation };
    for (const spec of input.specs.get(model.name)?.tests ?? []) {
      const test = genericTest(spec, target, input);
      if (test) tests.push(test);
    }
  }
  for (const sourceSpec of input.sourceSpecs) {
    const source = input.sources.find(
      (node) => node.uniqueId === sourceId(sourceSpec.sourceName, sourceSpec.name),
    );
    if (!source) continue;
    const target = {
      uniqueId: source.uniqueId,
      nameBase: `${source.sourceName}_${source.name}`,
      prefix: 'source_',
      relation: source.relation,
    };
    for (const spec of sourceSpec.tests) {
      const test = genericTest(spec, target, input);
      if (test) tests.push(test);
    }
  }
  return tests;
}

function genericTest(spec: TestSpec, target: Target, input: GenericTestInput): TestNode | undefined {
  const { dialect, problems } = input;
  const definition = spec.definition;
  const at = { file: spec.file, line: spec.line };
  let column: string | undefined;
  if (spec.columnName !== undefined) {
    const bad = identifierProblem(dialect, spec.columnName, 'column name');
    if (bad) return void problems.push({ ...at, ...bad });
    column = dialect.quoteIdentifier(spec.columnName);
  }
  if (typeof spec.args.field === 'string') {
    const bad = identifierProblem(dialect, spec.args.field, 'field');
    if (bad) return void problems.push({ ...at, ...bad });
  }
  const rendered: Record<string, string> = {};
  const dependsOn = [target.uniqueId];
  for (const arg of definition.templateArgs) {
    const value = String(spec.args[arg]);
    const text = value.includes('{{') ? value : `{{ ${value} }}`;
    const result = renderTemplate({ file: spec.file, text, firstLine: spec.line }, input.scope, problems);
    if (result.sql === undefined || result.refs.length + result.sources.length === 0) {
      if (result.sql !== undefined) {
        problems.push({
          ...at,
          problem: `${definition.name}: ${arg} must name a model or source, got ${JSON.stringify(value)}`,
          fix: `Write ${arg}: "ref('model_name')" or "source('raw', 'table')".`,
        });
      }
      return undefined;
    }
    rendered[arg] = result.sql.trim();
    dependsOn.push(
      ...result.refs
        .filter((call) => input.scope.ref(call.args))
        .map((call) => refIdOf(input.scope, call.args)),
      ...result.sources
        .filter((call) => input.scope.source(call.args.sourceName, call.args.table))
        .map((call) => sourceId(call.args.sourceName, call.args.table)),
    );
  }
  const from = spec.where
    ? `(select * from ${target.relation} where ${spec.where}) as dbt_subquery`
    : target.relation;
  const name =
    spec.customName ??
    testName(
      [`${target.prefix}${definition.name}`, target.nameBase, ...(spec.columnName ? [spec.columnName] : [])],
      definition.nameParts(spec.args),
    );
  return {
    resourceType: 'test',
    uniqueId: testId(name),
    name,
    testType: 'generic',
    testName: definition.name,
    kwargs: { ...spec.args, ...(spec.columnName ? { column_name: spec.columnName } : {}) },
    attachedTo: target.uniqueId,
    columnName: spec.columnName,
    severity: spec.severity,
    where: spec.where,
    ...(spec.storeFailures === undefined ? {} : { storeFailures: spec.storeFailures }),
    tags: spec.tags,
    file: spec.file,
    path: spec.path,
    line: spec.line,
    dependsOn: uniqueIds(dependsOn),
    compiledSql: definition.sql({ from, column, args: spec.args, dialect, rendered }),
    preservesLines: false,
    ...(definition.scanCount && !spec.where
      ? {
          scan: {
            relation: target.relation,
            count: definition.scanCount({ column, args: spec.args, dialect }),
          },
        }
      : {}),
  };
}

/** dbt's naming: `<test>_<model>_<column>__<arg>__<arg>`, long names shortened with a hash. */
function testName(base: string[], parts: string[]): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  const name = [base.join('_'), ...parts.map(clean).filter((part) => part !== '')].join('__');
  if (name.length <= 80) return name;
  return `${name.slice(0, 71)}_${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
}

/** `tests/<name>.sql`: a SELECT of failing rows; `config(severity='warn', tags=[…])` is allowed. */
export function compileSingularTests(
  files: SourceFile[],
  scope: TemplateScope,
  graph: Dag<ProjectNode> | undefined,
  problems: CompileProblem[],
): TestNode[] {
  return files.map((source) => {
    const rendered = renderTemplate(source, scope, problems);
    let severity: Severity = 'error';
    let tags: string[] = [];
    let storeFailures: boolean | undefined;
    for (const call of rendered.configs) {
      const report = (problem: string, fix: string) =>
        problems.push({ file: source.file, line: call.line, problem, fix });
      for (const [key, value] of Object.entries(call.args)) {
        if (key === 'severity' && (value === 'error' || value === 'warn')) severity = value;
        else if (key === 'severity')
          report(
            `severity must be error or warn, got ${JSON.stringify(value)}`,
            "Write config(severity='warn').",
          );
        else if (key === 'tags') tags = readTags(value, report) ?? [];
        else if (key === 'store_failures' && typeof value === 'boolean') storeFailures = value;
        else
          report(
            `unknown test config "${key}".${didYouMean(key, ['severity', 'tags', 'store_failures'])}`,
            'A singular test takes severity, tags and store_failures (true or false).',
          );
      }
    }
    const compiledSql = (rendered.sql ?? '').trimEnd();
    if (rendered.sql !== undefined) checkStatementBody(source.file, compiledSql, 'test', problems);
    const dependsOn = uniqueIds([
      ...rendered.refs.filter((call) => scope.ref(call.args)).map((call) => refIdOf(scope, call.args)),
      ...rendered.sources
        .filter((call) => scope.source(call.args.sourceName, call.args.table))
        .map((call) => sourceId(call.args.sourceName, call.args.table)),
    ]);
    const name = baseName(source.path);
    return {
      resourceType: 'test',
      uniqueId: testId(name),
      name,
      testType: 'singular',
      attachedTo: graph && latestParent(dependsOn, graph),
      severity,
      ...(storeFailures === undefined ? {} : { storeFailures }),
      tags,
      file: source.file,
      path: source.path,
      line: 1,
      dependsOn,
      rawSql: source.text,
      compiledSql,
      preservesLines: compiledSql.split('\n').length === source.text.trimEnd().split('\n').length,
    } satisfies TestNode;
  });
}

/**
 * The parent every other parent is upstream of (what a singular test checks last); its descendants
 * wait for the test. With parents on separate branches there is none, and the test blocks nothing.
 */
function latestParent(parents: string[], graph: Dag<ProjectNode>): string | undefined {
  return parents.find((parent) => {
    const upstream = graph.has(parent) ? graph.ancestors(parent) : new Set<string>();
    return parents.every((other) => other === parent || upstream.has(other));
  });
}

export function findDuplicateTests(tests: TestNode[], problems: CompileProblem[]): void {
  const seen = new Map<string, TestNode>();
  for (const test of tests) {
    const first = seen.get(test.uniqueId);
    if (!first) {
      seen.set(test.uniqueId, test);
      continue;
    }
    problems.push({
      file: test.file,
      line: test.line,
      problem: `two tests are named "${test.name}": here and ${first.file}:${first.line}`,
      fix:
        test.testType === 'generic'
          ? 'Remove the repeated test, or give one a distinct name: (e.g. - not_null: { name: my_test_name }).'
          : 'Rename one of the files.',
    });
  }
}
