import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeMiniDataset } from '../support/mini-dataset';
import { requireDist } from '../support/require-dist';
import { TEST_WAREHOUSE_HOME, testConnection } from '../support/test-warehouse';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'etl-workbook.js');

/** Runs the built CLI (npm test builds dist/ first) against the shared test server. */
function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ETL_WAREHOUSE_HOME: TEST_WAREHOUSE_HOME, ...env },
    timeout: 120_000,
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: result.stdout + result.stderr,
  };
}

describe('the etl-workbook CLI', () => {
  let work: string;
  before(async function () {
    requireDist(this, 'cli/main.js');
    await testConnection(); // the CLI then finds the test server running and leaves it running
    work = await mkdtemp(join(tmpdir(), 'etl-cli-'));
  });
  after(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

  for (const command of [
    'run',
    'load',
    'build',
    'test',
    'kpis',
    'report',
    'notebooks',
    'query',
    'show',
    'generate',
    'warehouse',
    'history',
  ]) {
    it(`${command} --help prints its usage and exits 0`, () => {
      const { code, stdout } = cli([command, '--help']);
      assert.equal(code, 0);
      assert.match(stdout, new RegExp(`etl-workbook ${command}`));
    });
  }

  it('exits 2 on a usage error: no command, an unknown command, an unknown option', () => {
    assert.equal(cli([]).code, 2);
    const unknown = cli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "frobnicate"/);
    const option = cli(['run', '--colour']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /--colour/);
    assert.match(option.stderr, /etl-workbook run --help/);
  });

  it('run loads, builds, tests and writes the KPIs and a summary, exit 0', () => {
    const data = writeMiniDataset();
    const out = join(work, 'ok');
    const { code, stdout, output } = cli(['run', '--data', data, '--out', out]);
    assert.equal(code, 0, output);
    assert.match(stdout, /raw\.raw_orders\s+3 rows/);
    assert.match(stdout, /tests \d+ passed, 0 failed/);
    assert.match(stdout, /Leading store: Philadelphia/);
    const kpis = JSON.parse(readFileSync(join(out, 'kpis.json'), 'utf8')).kpis;
    assert.equal(kpis.customer_summary.customers, 2);
    assert.ok(existsSync(join(out, 'report.html')));
  });

  it('report rewrites report.html from the artifacts of the last run, and says what to run without them', () => {
    const out = join(work, 'report');
    const run = cli(['run', '--data', writeMiniDataset(), '--out', out]);
    assert.equal(run.code, 0, run.output);
    rmSync(join(out, 'report.html'));
    const { code, stdout } = cli(['report', '--out', out]);
    assert.equal(code, 0);
    assert.match(stdout, /Report: .*report\.html/);
    assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<svg/);
    const empty = cli(['report', '--out', join(work, 'nothing-here')]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /No KPIs in .*kpis\.json.*Run `etl-workbook run`/);
  });

  it('notebooks --only names the notebooks that exist when the name matches none', () => {
    const { code, stderr } = cli(['notebooks', '--only', 'no-such-notebook']);
    assert.equal(code, 1);
    assert.match(stderr, /no-such-notebook/);
    assert.match(stderr, /02-loading\.ipynb/);
  });

  it('run names the file, line and column of bad input and exits 1', () => {
    const data = writeMiniDataset({
      'raw_items.csv': 'id,order_id,sku\ni1,o1,JAF-001\ni2,o1,"BEV-001\n',
    });
    const { code, stdout } = cli(['run', '--data', data, '--out', join(work, 'bad')]);
    assert.equal(code, 1);
    assert.match(stdout, /raw_items\.csv:3:\d+/);
    assert.match(stdout, /Stopped: the load of raw\.raw_items failed/);
  });

  it('never prints the password of a connection string it could not use', () => {
    const secret = 'hunter2-sup3r-secret';
    const { code, output } = cli(['load', '--target', 'postgres'], {
      DATABASE_URL: `postgres://etl:${secret}@127.0.0.1:1/nowhere`,
    });
    assert.equal(code, 1);
    assert.ok(!output.includes(secret), output);
  });

  it('generate writes the six contract files, the same bytes for the same seed', () => {
    const first = join(work, 'gen1');
    const second = join(work, 'gen2');
    assert.equal(cli(['generate', '--years', '0.02', '--seed', '3', '--out', first]).code, 0);
    assert.equal(cli(['generate', '--years', '0.02', '--seed', '3', '--out', second]).code, 0);
    for (const file of [
      'raw_customers',
      'raw_orders',
      'raw_items',
      'raw_products',
      'raw_stores',
      'raw_supplies',
    ]) {
      assert.ok(
        readFileSync(join(first, `${file}.csv`)).equals(readFileSync(join(second, `${file}.csv`))),
        file,
      );
    }
  });
});
