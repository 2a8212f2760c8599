import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCommand } from '../../src/cli/commands/load-command';
import { profileCommand } from '../../src/cli/commands/profile-command';
import { runCommand } from '../../src/cli/commands/run-command';
import { UsageError } from '../../src/cli/options';
import { SYS_LOAD_ERRORS_SQL } from '../../src/loader/redshift-load-errors';
import { profileWarehouse } from '../../src/profile/profile-warehouse';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { capture } from '../support/capture-command';
import { DENY_LIST } from '../support/redshift-deny-list';
import { type CheckResult, checkRedshiftScript, loadParser } from '../support/redshift-sql-check';

const ROOT = resolve(__dirname, '../..');
const ENV = {
  REDSHIFT_URL: 'postgres://etl:never-used@127.0.0.1:1/dev',
  REDSHIFT_IAM_ROLE: 'arn:aws:iam::123456789012:role/etl-workbook-redshift',
  S3_BUCKET: 'example-bucket',
  S3_PREFIX: undefined,
  AWS_REGION: 'eu-west-1',
  ETL_STAGE: undefined,
  ETL_TARGET: undefined,
};

/** Fails with every finding (line, construct, AWS page) or the parse error. */
function assertAccepted(result: CheckResult, what: string): void {
  if (!result.ok) assert.fail(`${what} does not parse as a whole: line ${result.line}: ${result.message}`);
  const lines = result.findings.map(
    (f) => `  line ${f.line}: ${f.entry.construct} (${f.entry.doc})\n    ${f.statement}`,
  );
  assert.equal(lines.length, 0, `${what} uses constructs Redshift refuses:\n${lines.join('\n')}`);
  assert.ok(result.statements > 0, `${what} has no statements`);
}

describe('Redshift deny-list: every statement we print for Redshift parses and avoids refused constructs', () => {
  before(async function () {
    this.timeout(20_000);
    await loadParser();
  });

  describe('the check itself', () => {
    for (const entry of DENY_LIST) {
      it(`catches ${entry.id} (${entry.doc.split('/').at(-1)})`, () => {
        assert.match(entry.doc, /^https:\/\/docs\.aws\.amazon\.com\/redshift\/latest\/dg\/[\w-]+\.html$/);
        const result = checkRedshiftScript(`${entry.sample};`);
        assert.ok(result.ok, `sample of ${entry.id} does not parse`);
        assert.ok(
          result.findings.some((f) => f.entry.id === entry.id),
          `${entry.id} not found in ${entry.sample}: ${result.findings.map((f) => f.entry.id).join(', ')}`,
        );
      });
    }

    it('accepts Redshift syntax the golden files cover: COPY options, DIST/SORT keys, late-binding views', () => {
      const script = [
        `copy "raw"."t" ("a")\nfrom 's3://b/p/manifest.json'\niam_role default\nmanifest\nformat as csv gzip\nmaxerror 0;`,
        `create table "m"."t" diststyle key distkey ("a") compound sortkey ("a", "b") as\nselect 1 as a, 2 as b;`,
        'create table "m"."u" diststyle all as\nselect 1 as a;',
        'create or replace view "m"."v" as\nselect a from "m"."t" with no schema binding;',
        "select listagg(a, ',') within group (order by a), cast(1 as numeric(38, 2)), cast('x' as varchar(8)) from t;",
        'with a as (select 1 as x), b as (select x from a) select x from b;',
      ].join('\n');
      assertAccepted(checkRedshiftScript(script), 'the sample');
    });

    it('reports a script that does not parse with its line', () => {
      const result = checkRedshiftScript('select 1;\n-- a comment\nselect from from;\n');
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.line, 3);
    });
  });

  it('run --target redshift --dry-run of the project (loads, seeds, models, tests, unit tests, KPIs)', async function () {
    this.timeout(60_000);
    const { code, stdout } = await capture(runCommand, ['--target', 'redshift', '--dry-run', '-q'], ENV);
    assert.equal(code, 0, stdout);
    assertAccepted(checkRedshiftScript(stdout), 'the dry run');
  });

  for (const name of ['load.sql', 'build.sql']) {
    it(`the golden file test/golden/redshift/${name}`, () => {
      assertAccepted(
        checkRedshiftScript(readFileSync(join(ROOT, 'test/golden/redshift', name), 'utf8')),
        name,
      );
    });
  }

  describe('paths without Redshift SQL refuse --target redshift before connecting', () => {
    it('profile: its queries use arrays; refused with the reason and the local alternative', async () => {
      await assert.rejects(
        capture(profileCommand, ['--target', 'redshift'], ENV),
        (error: Error) =>
          error instanceof UsageError &&
          /profile does not run on redshift: its queries use arrays .* --target local/.test(error.message),
      );
      // The library refuses too (a notebook calling it), before sending anything.
      const sent: string[] = [];
      const warehouse = {
        dialect: new RedshiftDialect(),
        query: async (sql: string) => {
          sent.push(sql);
          return { rows: [], rowCount: 0 };
        },
      } as unknown as Warehouse;
      await assert.rejects(profileWarehouse(warehouse), /profile does not run on redshift/);
      assert.deepEqual(sent, []);
    });

    for (const command of [loadCommand, runCommand]) {
      it(`${command.name.replace('Command', '')} --max-bad-rows: refused (no COPY FROM STDIN to set rows aside)`, async () => {
        await assert.rejects(
          capture(command, ['--target', 'redshift', '--max-bad-rows', '5', '--dry-run'], ENV),
          (error: Error) =>
            error instanceof UsageError &&
            /--max-bad-rows is not available on redshift: .*COPY FROM STDIN/.test(error.message),
        );
      });
    }
  });

  it('scripts/redshift-smoke.sh is valid bash and stops at once, naming what is missing, without an account', () => {
    const script = join(ROOT, 'scripts/redshift-smoke.sh');
    assert.equal(spawnSync('bash', ['-n', script]).status, 0);
    const run = spawnSync('bash', [script], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /redshift-smoke: set REDSHIFT_URL/);
  });

  it('the load-error query (sys_load_error_detail), with the bind parameter as a literal', () => {
    assertAccepted(checkRedshiftScript(`${SYS_LOAD_ERRORS_SQL.replace('$1', '1')};`), 'the load-error query');
  });
});
