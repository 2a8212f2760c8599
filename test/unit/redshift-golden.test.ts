import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatLoadPlan } from '../../src/cli/dry-run-load';
import { loadProject } from '../../src/models/load-project';
import { formatPlan } from '../../src/runner/format-plan';
import { planBuild } from '../../src/runner/plan';
import { PostgresDialect } from '../../src/warehouse/dialect';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';

const GOLDEN = resolve(__dirname, '../golden/redshift');
const GOLDEN_ROOT = resolve(__dirname, '../golden');
const ENV = {
  S3_BUCKET: 'example-bucket',
  S3_PREFIX: 'etl-workbook',
  AWS_REGION: 'eu-west-1',
  REDSHIFT_IAM_ROLE: 'arn:aws:iam::123456789012:role/etl-workbook-redshift',
};

/**
 * Compares generated SQL with test/golden/redshift/<name>; `UPDATE_GOLDEN=1` rewrites the file
 * instead (then review the diff by hand: the golden files are what a Redshift run sends).
 */
function matchGolden(name: string, actual: string, root = GOLDEN): void {
  const path = join(root, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDEN !== '1')
      assert.fail(`${path} did not exist: written, review it and run again`);
    return;
  }
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `${name} differs from the golden file (UPDATE_GOLDEN=1 to accept)`,
  );
}

describe('Redshift SQL against golden files (test/golden/redshift)', () => {
  // Tests run from the repository root, so paths in the SQL comments are stable.
  before(function () {
    if (resolve(process.cwd()) !== resolve(__dirname, '../..')) this.skip();
  });

  it('load.sql: raw DDL with VARCHAR lengths, DELETE + COPY from each manifest, ANALYZE', async () => {
    const plan = await formatLoadPlan({
      target: 'redshift',
      dialect: new RedshiftDialect(),
      dataDir: join(GOLDEN, 'dataset'),
      stage: 's3',
      env: ENV,
      partSizeBytes: 64,
    });
    assert.equal(plan.ok, true);
    matchGolden('load.sql', plan.text);
  });

  it('build.sql: late-binding views, tables built then swapped, dist and sort keys, seed INSERT, flat ephemeral CTEs, sized fixtures, date spine', async () => {
    const dialect = new RedshiftDialect();
    const project = await loadProject(join(GOLDEN, 'project'), { dialect });
    const plan = formatPlan(planBuild(project, dialect));
    // What the golden project is there to cover (the file itself is reviewed by hand).
    assert.match(
      plan,
      /insert into "seeds"\."store_regions__etl_new" \("store_id", "region", "tax_rate"\) values\n/,
    );
    assert.match(plan, /"tax_rate" numeric\(38,4\)/);
    assert.match(plan, /"__dbt__cte__int_customer_orders__orders" as \(/);
    assert.match(plan, /cast\(29\.68 as numeric\(38,2\)\)/);
    assert.match(plan, /-- model\.dim_dates \(table/);
    matchGolden('build.sql', plan);
  });

  it('postgres/build.sql: the same project planned for PostgreSQL (COPY seeds, unbounded types)', async () => {
    const dialect = new PostgresDialect();
    const project = await loadProject(join(GOLDEN, 'project'), { dialect });
    matchGolden('postgres/build.sql', formatPlan(planBuild(project, dialect)), GOLDEN_ROOT);
  });
});
