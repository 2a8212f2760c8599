import { strict as assert } from 'node:assert';
import { cpSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedConnection } from '../../../src/warehouse/embedded-server';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { writeMiniDataset } from '../../support/mini-dataset';
import { testConnection } from '../../support/test-warehouse';
import { cli, cliBuilt, cliWarehouse, PROJECT, RAW_TABLES, snapshot } from './fault-kit';

const DROP = 'drop table raw.raw_orders; --';

interface HostileProject {
  name: string;
  /** Changes a copy of sql/ to carry the hostile name. */
  edit: (dir: string) => void;
  /** What the refusal must say; undefined when the name is quoted safely and the build succeeds. */
  refusal?: RegExp;
}

const edit = (dir: string, file: string, change: (text: string) => string) =>
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

/** Hostile names through every place a name from a file becomes SQL. */
const HOSTILE: HostileProject[] = [
  {
    name: 'a model name with a quote and a semicolon (from its file name)',
    edit: (dir) =>
      renameSync(join(dir, 'marts', 'dim_dates.sql'), join(dir, 'marts', `dim_dates"; ${DROP}.sql`)),
    refusal:
      /marts\/dim_dates"; drop table raw\.raw_orders; --\.sql:1: invalid model name "dim_dates\\"; drop table raw\.raw_orders; --"/,
  },
  {
    name: 'a unicode model name',
    edit: (dir) => renameSync(join(dir, 'marts', 'dim_dates.sql'), join(dir, 'marts', 'dim_dätes.sql')),
    refusal: /marts\/dim_dätes\.sql:1: invalid model name "dim_dätes": names must start with a letter/,
  },
  {
    name: 'a schema name with a semicolon (project.yml)',
    edit: (dir) => edit(dir, 'project.yml', (t) => t.replace(/schema: marts/, `schema: "marts; ${DROP}"`)),
    refusal: /marts\/fct_orders\.sql:1: invalid schema "marts; drop table raw\.raw_orders; --"/,
  },
  {
    name: 'a column name with a quote in a YAML test',
    edit: (dir) =>
      edit(dir, 'staging/_staging__models.yml', (t) =>
        t.replace('      - name: order_id\n', `      - name: 'order_id"" is not null; ${DROP}'\n`),
      ),
    refusal:
      /_staging__models\.yml:20: invalid column name "order_id\\"\\" is not null; drop table raw\.raw_orders; --"/,
  },
  {
    name: 'accepted values with quotes, a semicolon and $$ (quoted as literals, the build succeeds)',
    edit: (dir) =>
      edit(dir, 'staging/_staging__models.yml', (t) =>
        t.replace(
          "values: ['jaffle', 'beverage']",
          `values: ['jaffle', 'beverage', "x'); ${DROP}", '$$ $x$ naïve']`,
        ),
      ),
  },
];

describe('faults: security (hostile names, secrets, loopback only)', () => {
  let warehouse: Warehouse;
  let work: string;
  let mini: string;
  let raw: Record<string, string>;

  before(async function () {
    if (!cliBuilt()) this.skip();
    warehouse = await cliWarehouse();
    work = await mkdtemp(join(tmpdir(), 'etl-faults-security-'));
    mini = writeMiniDataset();
    const run = cli(['run', '--data', mini, '--out', join(work, 'target')]);
    assert.equal(run.code, 0, run.output);
    raw = await snapshot(warehouse, RAW_TABLES);
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  for (const hostile of HOSTILE) {
    it(`${hostile.name}: ${hostile.refusal ? 'refused with a clear message' : 'quoted safely'}, never executed`, async () => {
      const project = join(work, `project-${HOSTILE.indexOf(hostile)}`);
      cpSync(PROJECT, project, { recursive: true });
      hostile.edit(project);
      const { code, output } = cli(['build', '--project', project, '--out', join(work, 'hostile')]);
      if (hostile.refusal) {
        assert.equal(code, 1, output);
        assert.match(output, hostile.refusal);
        assert.match(output, /The SQL project has \d+ problems?; nothing was run/);
      } else {
        assert.equal(code, 0, output);
      }
      assert.deepEqual(
        await snapshot(warehouse, RAW_TABLES),
        raw,
        'raw.raw_orders and the others are intact',
      );
    });
  }

  it('hostile table names and header columns from the command line and the files are refused', async () => {
    const table = cli(['load', '--data', mini, '--table', `raw_orders; ${DROP}`]);
    assert.equal(table.code, 1);
    assert.match(
      table.stderr,
      /Unknown raw table\(s\): raw_orders; drop table raw\.raw_orders; --\. Known: raw_customers/,
    );
    const header = writeMiniDataset({ 'raw_customers.csv': `id,"name"") ; ${DROP}"\nc1,A\n` });
    const load = cli(['load', '--data', header, '--out', join(work, 'target')]);
    assert.equal(load.code, 1);
    assert.match(
      load.stdout,
      /raw_customers\.csv:1:4: the header does not match .*missing column "name"; unexpected column "name"\) ; drop table/,
    );
    assert.deepEqual(await snapshot(warehouse, RAW_TABLES), raw);
  });

  it('secrets from the environment never reach the output or target/ (json, html, csv)', async () => {
    const secrets = {
      PGPASSWORD: 'pg-pass-Zq81xY',
      DATABASE_URL: 'postgres://etl:url-pass-Wk27vB@127.0.0.1:1/nowhere',
      AWS_SECRET_ACCESS_KEY: 'aws-secret-Hh93pL/abcdefghijklmnop',
    };
    const out = join(work, 'secrets');
    const run = cli(['run', '--data', mini, '--out', out], secrets);
    assert.equal(run.code, 0, run.output);
    const failed = cli(['load', '--target', 'postgres', '--data', mini, '--out', out], secrets);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /postgres:\/\/etl:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    const serverPassword = (await testConnection()).password;
    const texts = [run.output, failed.output, ...filesUnder(out).map((f) => readFileSync(f, 'utf8'))];
    for (const secret of ['pg-pass-Zq81xY', 'url-pass-Wk27vB', 'aws-secret-Hh93pL', serverPassword]) {
      for (const text of texts) assert.ok(!text.includes(secret), `a secret leaked: ${secret.slice(0, 4)}…`);
    }
    assert.ok(filesUnder(out).some((f) => f.endsWith('run_results.json')));
  });

  it('the embedded server listens on loopback only', async () => {
    const connection: EmbeddedConnection = await testConnection();
    const listen = await warehouse.query<{ listen_addresses: string }>('show listen_addresses');
    assert.equal(listen.rows[0]?.listen_addresses, '127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) {
      const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        const socket = connect({ host: external.address, port: connection.port });
        socket.on('connect', () => {
          socket.destroy();
          resolve(undefined);
        });
        socket.on('error', resolve);
      });
      assert.equal(error?.code, 'ECONNREFUSED', `port ${connection.port} on ${external.address} must refuse`);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
