import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { previewSql } from '../../src/cli/commands/show-command';
import { loadProject } from '../../src/models/load-project';
import { runPipeline } from '../../src/pipeline/run-pipeline';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { buildStatement, ref, source, sqlTag } from '../../src/workbook/sql-template';
import { writeMiniDataset } from '../support/mini-dataset';
import { testConnection, testWarehouse } from '../support/test-warehouse';

const ROOT = resolve(__dirname, '../..');
const PROJECT = join(ROOT, 'sql');

describe('the sql tagged template and etl-workbook show, on the mini dataset', () => {
  let warehouse: Warehouse & { database: string };
  let work: string;
  let sql: ReturnType<typeof sqlTag>;

  before(async () => {
    warehouse = await testWarehouse();
    work = await mkdtemp(join(tmpdir(), 'etl-sql-tag-'));
    const result = await runPipeline(warehouse, {
      dataDir: writeMiniDataset(),
      projectDir: PROJECT,
      outDir: work,
    });
    assert.ok(result.ok);
    sql = sqlTag(warehouse, () => loadProject(PROJECT, { dialect: warehouse.dialect }));
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('sends interpolated values as bind parameters and resolves ref() and source()', async () => {
    const name = "Zoë O'Brien"; // a quote that would break spliced SQL
    const rows = await sql<{ customer_name: string; orders: number; spend: number }>`
      select c.customer_name, count(*) as orders, sum(o.subtotal) as spend
      from ${ref('fct_orders')} as o
      join ${ref('dim_customers')} as c on c.customer_id = o.customer_id
      where c.customer_name = ${name} and o.subtotal >= ${0}
      group by c.customer_name`;
    // c1 ordered o1 (17.00) and o2 (11.00) in the mini dataset
    assert.deepEqual([...rows], [{ customer_name: name, orders: 2, spend: 28 }]);
    assert.deepEqual(rows.columns, ['customer_name', 'orders', 'spend']);
    assert.match(rows.statement, /"marts"\."fct_orders"/);
    assert.match(rows.statement, /c\.customer_name = \$1 and o\.subtotal >= \$2/);
    assert.doesNotMatch(rows.statement, /Brien/);
    const raw = await sql<{ n: number }>`select count(*) as n from ${source('raw', 'raw_items')}`;
    assert.equal(raw[0]?.n, 5);
  });

  it('names the models there are when ref() names none, and hostile values stay values', async () => {
    await assert.rejects(
      sql`select 1 from ${ref('fct_order')}`,
      /ref\('fct_order'\): no such model.*fct_orders/,
    );
    const hostile = "x'; drop table marts.fct_orders; --";
    const none = await sql`select * from ${ref('dim_stores')} where store_name = ${hostile}`;
    assert.equal(none.length, 0);
    const still = await sql<{ n: number }>`select count(*) as n from ${ref('fct_orders')}`;
    assert.equal(still[0]?.n, 3);
    assert.deepEqual(
      buildStatement(['a ', ' b ', ''], [ref('m'), 7], () => '"s"."m"'),
      { text: 'a "s"."m" b $1', params: [7] },
    );
  });

  it('.frame() gives a danfojs DataFrame of the rows', async () => {
    const rows = await sql<{ store_name: string; revenue: number }>`
      select store_name, revenue from ${ref('dim_stores')} order by store_name`;
    const frame = rows.frame();
    assert.deepEqual(frame.columns, ['store_name', 'revenue']);
    assert.deepEqual(frame.values, [
      ['Brooklyn', 12],
      ['Philadelphia', 28],
    ]);
  });

  const cli = async (args: string[]) => {
    const base = await testConnection();
    const url = `postgres://${base.user}:${encodeURIComponent(base.password)}@${base.host}:${base.port}/${warehouse.database}`;
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'etl-workbook.js'), 'show', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', ETL_TARGET: 'postgres', DATABASE_URL: url },
      timeout: 120_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('etl-workbook show previews a model or an inline query, with the limit inside the query', async () => {
    const model = await cli(['-s', 'fct_orders', '--limit', '2', '--json']);
    assert.equal(model.code, 0, model.stderr);
    assert.equal(JSON.parse(model.stdout).length, 2);
    const inline = await cli([
      '--inline',
      "select store_name, revenue from {{ ref('dim_stores') }} order by 2 desc",
      '--csv',
    ]);
    assert.equal(inline.code, 0, inline.stderr);
    assert.equal(inline.stdout, 'store_name,revenue\r\nPhiladelphia,28.00\r\nBrooklyn,12.00\r\n');
    const table = await cli(['-s', 'raw.raw_stores', '--limit', '1']);
    assert.match(table.stdout, /\(1 row\)/);
    assert.equal((await cli(['--limit', '3'])).code, 2);
    assert.equal(previewSql('select 1;\n', 4), 'select * from (\nselect 1\n) as preview\nlimit 4');
  });

  it('sql.page() pages in SQL: a count and one limit/offset page, never the whole result', async () => {
    const sent: string[] = [];
    const recording: Warehouse = Object.assign(Object.create(warehouse), {
      query: (text: string, params?: unknown[]) => {
        sent.push(text);
        return warehouse.query(text, params);
      },
    });
    const paged = sqlTag(recording, () => loadProject(PROJECT, { dialect: warehouse.dialect }));
    const minPrice = 0; // a bind parameter travels into both statements
    // the mini dataset sells five items, i1 … i5
    const page = await paged.page({ size: 2, page: 2 })<{ order_item_id: string }>`
      select order_item_id from ${ref('fct_order_items')} where price >= ${minPrice} order by order_item_id;`;
    assert.deepEqual(
      page.map((row) => row.order_item_id),
      ['i3', 'i4'],
    );
    assert.deepEqual([page.total, page.pages, page.page, page.size], [5, 3, 2, 2]);
    assert.equal(sent.length, 2);
    assert.ok(sent.some((text) => /select count\(\*\) as total from \(/.test(text)));
    assert.ok(sent.some((text) => /\) as paged\nlimit 2 offset 2$/.test(text)));
    const printed: string[] = [];
    const log = console.log;
    console.log = (text: string) => printed.push(text);
    try {
      page.show({ title: 'items' });
    } finally {
      console.log = log;
    }
    assert.match(
      printed.join('\n'),
      /Page 2 of 3: rows 3–4 of 5, fetched with limit\/offset; next: sql\.page\(\{ size: 2, page: 3 \}\)/,
    );
    await assert.rejects(
      paged.page({ size: 0 })`select 1`,
      /sql\.page\(\{ size \}\): expected a positive integer, got 0/,
    );
  });
});
