import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatLoadPlan } from '../../src/cli/dry-run-load';
import { loadProject } from '../../src/models/load-project';
import { formatPlan } from '../../src/runner/format-plan';
import { planBuild } from '../../src/runner/plan';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';

const GOLDEN = resolve(__dirname, '../golden/redshift');
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
function matchGolden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
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

  it('build.sql: views, tables built then swapped in a transaction, dist and sort keys', async () => {
    const dialect = new RedshiftDialect();
    const project = await loadProject(join(GOLDEN, 'project'), { dialect });
    matchGolden('build.sql', formatPlan(planBuild(project, dialect)));
  });
});
