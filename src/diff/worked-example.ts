import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes to `baseDir` the dataset of `newDir` without its orders (and their items) from
 * `cutoffMonth` ('YYYY-MM') on: the new extract is the base one with a month added.
 */
export function withoutMonthsFrom(newDir: string, baseDir: string, cutoffMonth: string): void {
  mkdirSync(baseDir, { recursive: true });
  for (const file of ['raw_customers', 'raw_products', 'raw_stores', 'raw_supplies']) {
    cpSync(join(newDir, `${file}.csv`), join(baseDir, `${file}.csv`));
  }
  const orders = readPlainCsv(join(newDir, 'raw_orders.csv'));
  const items = readPlainCsv(join(newDir, 'raw_items.csv'));
  const [id, orderedAt, orderId] = [
    orders.columns.indexOf('id'),
    orders.columns.indexOf('ordered_at'),
    items.columns.indexOf('order_id'),
  ];
  const dropped = new Set(
    orders.rows.filter((row) => (row[orderedAt] ?? '').slice(0, 7) >= cutoffMonth).map((row) => row[id]),
  );
  const write = (file: string, table: PlainCsv, keep: (row: string[]) => boolean) => {
    const lines = [table.header, ...table.rows.filter(keep).map((row) => row.join(','))];
    writeFileSync(join(baseDir, `${file}.csv`), `${lines.join('\n')}\n`);
  };
  write('raw_orders', orders, (row) => !dropped.has(row[id]));
  write('raw_items', items, (row) => !dropped.has(row[orderId]));
}

type PlainCsv = { header: string; columns: string[]; rows: string[][] };

/** Generated orders and items hold no quoted field, so their lines split on commas (checked). */
function readPlainCsv(file: string): PlainCsv {
  const [header = '', ...lines] = readFileSync(file, 'utf8').split(/\r?\n/);
  const quoted = lines.findIndex((line) => line.includes('"'));
  if (quoted >= 0) {
    throw new Error(`${file}:${quoted + 2}: a quoted field; the worked example splits generated data only.`);
  }
  return {
    header,
    columns: header.split(','),
    rows: lines.filter((line) => line !== '').map((line) => line.split(',')),
  };
}

/** A copy of the SQL project whose margin counts perishable supplies only (the code change). */
export function perishableMarginProject(projectDir: string, into: string): string {
  // dereference: a project folder that is a symlink is copied, not linked (the edits below would reach it).
  cpSync(projectDir, into, { recursive: true, dereference: true });
  const file = join(into, 'intermediate', 'int_product_supply_costs.sql');
  const sql = readFileSync(file, 'utf8');
  const changed = sql.replace(
    'sum(supply_cost) as supply_cost,',
    'sum(case when is_perishable then supply_cost else 0 end) as supply_cost,',
  );
  if (changed === sql) throw new Error(`${file} no longer has the line the margin change edits`);
  writeFileSync(file, changed);
  // Its data test and unit test follow the new definition.
  const unitTests = join(into, 'marts', '_marts__unit_tests.yml');
  writeFileSync(
    unitTests,
    readFileSync(unitTests, 'utf8').replace(
      '{ product_id: JAF-001, supply_count: 2, supply_cost: 0.75,',
      '{ product_id: JAF-001, supply_count: 2, supply_cost: 0.50,',
    ),
  );
  for (const yml of ['intermediate/_intermediate__models.yml', 'marts/_marts__models.yml']) {
    const path = join(into, yml);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replaceAll(
        'supply_cost = perishable_supply_cost + non_perishable_supply_cost',
        'supply_cost = perishable_supply_cost',
      ),
    );
  }
  return into;
}
