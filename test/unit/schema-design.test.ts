import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { type CompiledProject, loadProject } from '../../src/models';
import {
  designSchema,
  MODELING_CHOICES,
  missingMentions,
  renderErSvg,
  renderSchemaMd,
  type SchemaDesign,
} from '../../src/schema';
import { selectDefinitions } from '../../src/schema/select-definitions';

const SQL = join(__dirname, '..', '..', 'sql');

type SvgGroup = { attributes: Record<string, string>; body: string };
/** The `<g>` elements of the diagram with the given class (groups of the diagram do not nest in their own class). */
function groups(svg: string, className: string): SvgGroup[] {
  const found: SvgGroup[] = [];
  for (const match of svg.matchAll(/<g ([^>]*)>([\s\S]*?)<\/g>/g)) {
    const attributes = Object.fromEntries(
      [...(match[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1] as string, a[2] as string]),
    );
    if ((attributes.class ?? '').split(' ').includes(className))
      found.push({ attributes, body: match[2] ?? '' });
  }
  return found;
}
const unescapeXml = (text: string) => text.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

describe('schema design from the SQL project (no database)', () => {
  let project: CompiledProject;
  let design: SchemaDesign;
  before(async () => {
    project = await loadProject(SQL);
    design = designSchema(project);
  });

  it('has every mart as a fact or a dimension, with the grain and key its YAML states', () => {
    const marts = project.models
      .filter((m) => m.layer === 'marts')
      .map((m) => m.name)
      .sort();
    assert.deepEqual(design.entities.map((e) => e.name).sort(), marts);
    const byName = new Map(design.entities.map((e) => [e.name, e]));
    for (const entity of design.entities) {
      assert.equal(entity.kind, entity.name.startsWith('fct_') ? 'fact' : 'dimension', entity.name);
      const model = project.models.find((m) => m.name === entity.name);
      assert.deepEqual(
        entity.columns.map((c) => c.name),
        model?.columns.map((c) => c.name),
        'YAML columns',
      );
    }
    assert.equal(byName.get('fct_order_items')?.grain, 'one item sold');
    assert.equal(byName.get('fct_orders')?.grain, 'one order');
    assert.deepEqual(byName.get('fct_order_items')?.primaryKey, ['order_item_id']);
    assert.deepEqual(byName.get('dim_dates')?.primaryKey, ['date_day']);
    assert.equal(design.columnsFrom, 'yaml');
  });

  it('takes every relationships test between marts as an N:1 relationship', () => {
    const marts = new Set(design.entities.map((e) => e.name));
    const expected = project.tests
      .filter((t) => t.testName === 'relationships' && marts.has(t.attachedTo?.replace('model.', '') ?? ''))
      .map((t) => {
        const to = /ref\('([^']+)'\)/.exec(String(t.kwargs?.to))?.[1] ?? '';
        return `${t.attachedTo?.replace('model.', '')}.${t.columnName} → ${to}.${t.kwargs?.field}`;
      })
      .filter((r) => marts.has(r.split(' → ')[1]?.split('.')[0] ?? ''))
      .sort();
    const found = design.relationships.map((r) => `${r.from}.${r.fromColumn} → ${r.to}.${r.toColumn}`).sort();
    assert.ok(found.length >= 8, 'the star has its eight foreign keys');
    assert.deepEqual(found, expected);
    assert.ok(found.includes('fct_order_items.product_id → dim_products.product_id'));
  });

  it('classifies measures and follows each column to the raw columns it is computed from', () => {
    const column = (table: string, name: string) =>
      design.entities.find((e) => e.name === table)?.columns.find((c) => c.name === name);
    assert.deepEqual(column('fct_orders', 'subtotal'), {
      name: 'subtotal',
      role: 'measure',
      description: 'Sum of item prices before tax, dollars (the revenue of the order).',
      lineage: ['raw_orders.subtotal'],
    });
    assert.deepEqual(column('fct_orders', 'customer_id')?.lineage, ['raw_orders.customer']);
    assert.equal(column('fct_orders', 'customer_id')?.role, 'foreign_key');
    assert.deepEqual(column('dim_products', 'perishable_supply_cost')?.lineage, [
      'raw_supplies.cost',
      'raw_supplies.perishable',
    ]);
    assert.deepEqual(column('dim_stores', 'tax_collected')?.lineage, ['raw_orders.tax_paid']);
    assert.equal(column('dim_stores', 'tax_rate')?.role, 'attribute', 'a rate is not a measure');
    assert.equal(column('dim_dates', 'year')?.role, 'attribute');
    assert.deepEqual(design.entities.find((e) => e.name === 'dim_products')?.sources, [
      'raw_products',
      'raw_supplies',
    ]);
  });

  it('reads select-list definitions, import CTEs and qualifiers from compiled SQL', () => {
    const defs = selectDefinitions(`with orders as (select * from "staging"."stg_orders"),
      x as (select orders.customer_id, cast(round(subtotal / 100.0, 2) as numeric(12, 2)) as subtotal,
        count(*) as n, case when a > 1 then 'x' else 'y' end as kind -- a comment, with as words
      from orders) select * from x`);
    assert.equal(defs.imports.get('orders'), '"staging"."stg_orders"');
    assert.deepEqual(defs.definitions.get('customer_id'), [[{ qualifier: 'orders', name: 'customer_id' }]]);
    assert.deepEqual(
      defs.definitions.get('subtotal')?.[0]?.map((r) => r.name),
      ['subtotal'],
    );
    assert.deepEqual(defs.definitions.get('n'), [[]]);
    assert.deepEqual(
      defs.definitions.get('kind')?.[0]?.map((r) => r.name),
      ['a'],
    );
  });

  it('draws every fact and dimension and every relationship with its crow’s foot', () => {
    const svg = renderErSvg(design);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
    const entities = groups(svg, 'entity');
    assert.deepEqual(
      entities.map((g) => `${g.attributes['data-name']}:${g.attributes['data-kind']}`).sort(),
      design.entities.map((e) => `${e.name}:${e.kind}`).sort(),
    );
    const lines = groups(svg, 'relationship');
    assert.deepEqual(
      lines
        .map((g) =>
          unescapeXml(
            `${g.attributes['data-from']} → ${g.attributes['data-to']} ${g.attributes['data-cardinality']}`,
          ),
        )
        .sort(),
      design.relationships.map((r) => `${r.from}.${r.fromColumn} → ${r.to}.${r.toColumn} N:1`).sort(),
    );
    for (const line of lines) {
      const classes = [...line.body.matchAll(/<path class="([^"]+)" d="M [\d.]+ [\d.]+ [^"]+"\/>/g)].map(
        (m) => m[1],
      );
      assert.deepEqual(classes, ['line', 'crows-foot', 'one'], line.attributes['data-from']);
      assert.deepEqual(
        [...line.body.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]),
        ['N', '1'],
      );
    }
    const rows = svg.match(
      /<g class="column-row" data-column="[^"]+" data-role="(key|foreign_key|measure|attribute)">/g,
    );
    assert.equal(
      rows?.length,
      design.entities.reduce((n, e) => n + e.columns.length, 0),
      'every column drawn',
    );
  });

  it('writes the document with every table, relationship and modeling choice, and flags stale prose', () => {
    const md = renderSchemaMd(design);
    for (const entity of design.entities)
      assert.match(md, new RegExp(`## \`${entity.name}\` \\(${entity.kind}\\)`));
    for (const r of design.relationships)
      assert.ok(md.includes(`\`${r.from}.${r.fromColumn}\` | \`${r.to}.${r.toColumn}\``));
    for (const choice of MODELING_CHOICES) {
      assert.ok(md.includes(`### ${choice.title}`));
      assert.deepEqual(missingMentions(design, choice), [], choice.title);
    }
    assert.doesNotMatch(md, /Out of date/);
    const stale = renderSchemaMd(design, {
      choices: [{ title: 'Old', text: 'x', mentions: ['fct_orders.discount', 'fct_returns'] }],
    });
    assert.match(stale, /relies on `fct_orders\.discount`, `fct_returns`, which the project no longer has/);
  });

  it('reports drift between the YAML and a catalog', () => {
    const columns = new Map<string, { name: string; type: string }[]>();
    for (const model of project.models) {
      columns.set(
        `${model.schema}.${model.name}`,
        model.columns.map((c) => ({ name: c.name, type: 'text' })),
      );
    }
    const orders = columns.get('marts.fct_orders') ?? [];
    columns.set('marts.fct_orders', [
      ...orders.filter((c) => c.name !== 'order_cost'),
      { name: 'discount', type: 'numeric(12,2)' },
    ]);
    columns.delete('marts.dim_dates');
    const drifted = designSchema(project, { catalog: { columns, rows: new Map() } });
    assert.equal(drifted.columnsFrom, 'yaml', 'dim_dates is not built');
    assert.deepEqual(
      drifted.drift.map((d) =>
        d.replace(/ \(etl-workbook build\)/, '').replace(/sql\/marts\/_marts__models\.yml:\d+/g, 'YAML'),
      ),
      [
        '"marts"."dim_dates" is not in the warehouse: build it to read its columns from the catalog; they come from sql/marts/_marts__models.yml meanwhile.',
        'fct_orders.order_cost is documented (YAML) but the built table has no such column.',
        'fct_orders.discount is built but not documented in YAML.',
      ],
    );
  });
});
