import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../src/loader/load-dataset';
import { buildStep } from '../../src/pipeline/build-step';
import { profileWarehouse } from '../../src/profile';
import { describeSchema, type SchemaDesign, writeSchema } from '../../src/schema';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { writeMiniDataset } from '../support/mini-dataset';
import { testWarehouse } from '../support/test-warehouse';

const SQL = join(__dirname, '..', '..', 'sql');

/** The `| \`column\` | type | …` rows of one table's section of schema.md. */
function documentedColumns(md: string, table: string): { name: string; type: string }[] {
  const section = md.split(/\n## /).find((s) => s.startsWith(`\`${table}\``)) ?? '';
  return [...section.matchAll(/^\| `([^`]+)` \| ([^|]*) \|/gm)].map((m) => ({
    name: m[1] as string,
    type: (m[2] as string).trim(),
  }));
}

describe('schema design against the built warehouse (embedded PostgreSQL)', function () {
  this.timeout(300_000);
  let warehouse: Warehouse;
  let design: SchemaDesign;
  let md: string;
  const out = mkdtempSync(join(tmpdir(), 'etl-schema-'));
  before(async () => {
    warehouse = await testWarehouse();
    const loaded = await loadDataset(warehouse, { dataDir: writeMiniDataset() });
    assert.ok(loaded.every((r) => r.status === 'success'));
    const built = await buildStep(warehouse, { projectDir: SQL, outDir: out, select: ['+path:marts'] });
    assert.deepEqual(
      built.run.results.filter((r) => r.status === 'error').map((r) => r.uniqueId),
      [],
      'the marts build',
    );
    const profile = await profileWarehouse(warehouse);
    design = await describeSchema({ projectDir: SQL, warehouse, profile });
    const written = await writeSchema(design, out);
    md = readFileSync(written.md, 'utf8');
  });
  after(() => warehouse.close());

  it('lists exactly the catalog’s columns and types for every table, with their row counts', async () => {
    assert.equal(design.columnsFrom, 'catalog');
    assert.deepEqual(design.drift, [], 'the YAML documents what is built');
    for (const entity of design.entities) {
      const [schema, table] = entity.relation.replace(/"/g, '').split('.') as [string, string];
      const catalog = await warehouse.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns
          where table_schema = $1 and table_name = $2 order by ordinal_position`,
        [schema, table],
      );
      const documented = documentedColumns(md, entity.name);
      assert.deepEqual(
        documented.map((c) => c.name),
        catalog.rows.map((r) => r.column_name),
        `${entity.name}: schema.md lists the built columns`,
      );
      for (const [i, row] of catalog.rows.entries()) {
        // schema.md writes DDL types (`numeric(12,2)`, `timestamp`): the catalog's type starts with their name.
        const written = (documented[i]?.type ?? '')
          .replace(/\(.*$/, '')
          .replace(/^varchar$/, 'character varying');
        assert.ok(
          written && row.data_type.startsWith(written),
          `${entity.name}.${row.column_name}: ${written}`,
        );
      }
      const counted = await warehouse.query<{ n: string }>(`select count(*) as n from ${entity.relation}`);
      assert.equal(entity.rows, Number(counted.rows[0]?.n), `${entity.name} rows`);
    }
    assert.equal(design.entities.find((e) => e.name === 'fct_order_items')?.rows, 5);
  });

  it('carries the profile of the raw sources: rows and keys found, like the composite key of supplies', () => {
    const supplies = design.sources.find((s) => s.table === 'raw_supplies');
    assert.equal(supplies?.rows, 4);
    assert.deepEqual(supplies?.candidateKeys?.[0], ['id', 'sku']);
    assert.match(md, /\| `raw_supplies` \| id, name, cost, perishable, sku \| 4 \| \(id, sku\)/);
  });
});
