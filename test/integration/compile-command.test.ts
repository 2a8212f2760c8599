import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadProject } from '../../src/models/load-project';
import { compiledPath } from '../../src/pipeline/compile-step';
import { requireDist } from '../support/require-dist';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'etl-workbook.js');
const SHOP = join(ROOT, 'test', 'fixtures', 'projects', 'shop');

/**
 * The built CLI with every way to reach a warehouse pointed at nothing: no embedded server home,
 * DATABASE_URL unset and PG* at a closed port. compile must not need any of them.
 */
function offline(args: string[], home: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: 'true',
    ETL_WAREHOUSE_HOME: home,
    PGHOST: '127.0.0.1',
    PGPORT: '9',
  };
  delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('etl-workbook compile', () => {
  let work: string;
  let home: string;
  before(async function () {
    requireDist(this, 'cli/commands/compile-command.js');
    work = await mkdtemp(join(tmpdir(), 'etl-compile-'));
    home = join(work, 'no-warehouse-here');
  });
  after(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

  it('writes the compiled SQL of every model, test and analysis and the manifest, without any warehouse', async () => {
    const out = join(work, 'sql-target');
    for (const target of ['local', 'postgres']) {
      const { code, stdout, stderr } = offline(['compile', '--target', target, '--out', out], home);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /Compiled \d+ models, \d+ tests, \d+ analyses/);
    }
    assert.ok(!existsSync(home), 'compile must not create or start the embedded warehouse');
    const project = await loadProject(join(ROOT, 'sql'));
    const expected = [...project.models, ...project.tests, ...project.analyses]
      .map((node) => join(...(compiledPath(node) as string).split('/')))
      .sort();
    assert.deepEqual(await filesUnder(join(out, 'compiled')), expected);
    for (const model of project.models) {
      const text = readFileSync(join(out, 'compiled', model.path), 'utf8');
      assert.equal(text, `${model.compiledSql}\n`, model.name);
      assert.doesNotMatch(text, /\{\{|\{%/, `${model.name} still has template syntax`);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const node of [...project.models, ...project.tests, ...project.analyses]) {
      assert.match(manifest.nodes[node.uniqueId]?.checksum?.checksum ?? '', /^[0-9a-f]{64}$/, node.uniqueId);
    }
    assert.match(manifest.nodes['model.fct_orders'].checksum.checksum, /^[0-9a-f]{64}$/);
  });

  it('--select writes only the selection (here a model with its ancestors and their tests)', async () => {
    const out = join(work, 'shop-target');
    const { code, stderr } = offline(
      [
        'compile',
        '--project',
        SHOP,
        '--out',
        out,
        '-s',
        '+customer_orders',
        '--exclude',
        'resource_type:test',
      ],
      home,
    );
    assert.equal(code, 0, stderr);
    assert.deepEqual(await filesUnder(join(out, 'compiled')), [
      join('marts', 'customer_orders.sql'),
      join('staging', 'stg_customers.sql'),
      join('staging', 'stg_orders.sql'),
    ]);
    const compiled = readFileSync(join(out, 'compiled', 'marts', 'customer_orders.sql'), 'utf8');
    assert.match(compiled, /from "staging"\."stg_customers"/);
  });

  it('reports every compile error with its file and line and exits 1; a bad selector exits 2', () => {
    const broken = offline(
      ['compile', '--project', 'test/fixtures/projects/broken', '--out', join(work, 'broken')],
      home,
    );
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /The SQL project has \d+ problems; nothing was run/);
    assert.match(broken.stderr, /broken\/staging\/stg_orders\.sql:3: ref\('stg_custmers'\) names no model/);
    assert.match(broken.stderr, /dependency cycle: cycle_a -> cycle_b -> cycle_a/);
    assert.ok(!existsSync(join(work, 'broken', 'manifest.json')));

    const selector = offline(
      ['compile', '--project', SHOP, '--out', join(work, 'x'), '-s', 'stat:modified'],
      home,
    );
    assert.equal(selector.code, 2);
    assert.match(selector.stderr, /Unknown selector method "stat:"/);
    const noState = offline(
      ['compile', '--project', SHOP, '--out', join(work, 'x'), '-s', 'state:modified'],
      home,
    );
    assert.equal(noState.code, 2);
    assert.match(noState.stderr, /--state DIR/);
  });

  it('--help describes the command', () => {
    const { code, stdout } = offline(['compile', '--help'], home);
    assert.equal(code, 0);
    assert.match(stdout, /etl-workbook compile/);
    assert.match(stdout, /without connecting/);
  });
});
