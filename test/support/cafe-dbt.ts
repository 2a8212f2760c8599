import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CompileError } from '../../src/models/compile-error';
import { type CompileOptions, compileProject } from '../../src/models/compile-project';
import type { CompiledProject } from '../../src/models/compiled-project';
import { discoverProject } from '../../src/models/discover-project';

/** The fixture dbt project (test/fixtures/dbt/cafe_dbt), written for these tests. */
export const CAFE_DBT = join(__dirname, '..', 'fixtures', 'dbt', 'cafe_dbt');

/** The fixture dbt project, copied to a temporary folder with some files replaced or added (null: removed). */
export async function compileCafeDbt(
  changes: Record<string, string | null> = {},
  options: CompileOptions = {},
): Promise<CompiledProject> {
  const dir = mkdtempSync(join(tmpdir(), 'cafe-dbt-'));
  try {
    cpSync(CAFE_DBT, dir, { recursive: true });
    for (const [path, text] of Object.entries(changes)) {
      if (text === null) unlinkSync(join(dir, path));
      else {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
    }
    return compileProject(await discoverProject(dir, { displayRoot: dir }), {
      env: { CAFE_DBT_REGION: 'west' },
      ...options,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The compile problems of the changed fixture, as `file:line: problem | fix` lines. */
export async function cafeDbtProblems(changes: Record<string, string | null>): Promise<string[]> {
  try {
    await compileCafeDbt(changes);
  } catch (error) {
    assert.ok(error instanceof CompileError, String(error));
    return error.problems.map((p) => `${p.file}:${p.line}: ${p.problem} | ${p.fix}`);
  }
  assert.fail('expected compile problems');
}

export const compiledSqlOf = (project: CompiledProject, name: string): string =>
  project.models.find((model) => model.name === name)?.compiledSql ?? assert.fail(`no model ${name}`);
