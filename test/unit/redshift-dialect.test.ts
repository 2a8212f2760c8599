import { strict as assert } from 'node:assert';
import { RAW_CONTRACT } from '../../src/loader/contract';
import { tableLoadStatements } from '../../src/loader/load-statements';
import { resolveRedshiftCopyOptions } from '../../src/loader/redshift-config';
import { readModelConfig } from '../../src/models/model-config';
import { PostgresDialect } from '../../src/warehouse/dialect';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';
import { redshiftTableLayout } from '../../src/warehouse/redshift-table-layout';

const columns = (...names: string[]) => names.map((name) => ({ name }));
const orders = RAW_CONTRACT.find((table) => table.table === 'raw_orders');

describe('RedshiftDialect', () => {
  const redshift = new RedshiftDialect();
  const postgres = new PostgresDialect();

  it('states its differences as flags, and is a PostgresDialect', () => {
    assert.ok(redshift instanceof PostgresDialect);
    assert.equal(redshift.name, 'redshift');
    assert.deepEqual(
      [redshift.supportsIndexes, redshift.supportsCopyFromStdin, redshift.supportsTransactionalTruncate],
      [false, false, false],
    );
    assert.equal(redshift.supportsDistSortKeys, true);
    assert.equal(postgres.supportsCopyFromStdin, true);
  });

  it('bounds text and numerics where PostgreSQL does not', () => {
    assert.equal(redshift.columnType('text', 64), 'varchar(64)');
    assert.equal(redshift.columnType('text'), 'varchar(256)');
    assert.equal(redshift.columnType('numeric', undefined, 6), 'numeric(18,6)');
    assert.equal(redshift.columnType('bigint'), 'bigint');
    assert.equal(postgres.columnType('text', 64), 'text');
    assert.equal(postgres.columnType('numeric', undefined, 6), 'numeric');
  });

  it('allows 127-byte identifiers and still refuses what could smuggle SQL', () => {
    assert.equal(redshift.quoteIdentifier('a'.repeat(127)), `"${'a'.repeat(127)}"`);
    assert.throws(() => redshift.quoteIdentifier('a'.repeat(128)), /longer than 127 bytes/);
    assert.throws(() => redshift.quoteIdentifier('x"; drop table y; --'), /Invalid SQL identifier/);
  });

  it('loads with DELETE inside the transaction (its TRUNCATE commits) and COPY from the manifest', () => {
    assert.ok(orders);
    const statements = tableLoadStatements(redshift, orders, ['id', 'customer'], {
      manifestUrl: 's3://b/k/manifest.json',
      iamRole: 'default',
    });
    assert.equal(statements.clear, 'delete from "raw"."raw_orders"');
    assert.match(
      statements.copy,
      /^copy "raw"."raw_orders" \("id", "customer"\)\nfrom 's3:\/\/b\/k\/manifest.json'\niam_role default\n/,
    );
    assert.match(statements.copy, /\nmanifest\n/);
    assert.match(statements.copy, /\nmaxerror 0$/);
    assert.doesNotMatch(statements.copy, /acceptinvchars|truncatecolumns|region/);
    assert.equal(statements.analyze, 'analyze "raw"."raw_orders"');
    assert.throws(() => tableLoadStatements(redshift, orders, ['id']), /stage the files to S3 first/);
    const local = tableLoadStatements(postgres, orders, ['id']);
    assert.equal(local.clear, 'truncate table "raw"."raw_orders"');
    assert.match(local.copy, /from stdin/);
  });

  it('quotes the IAM role as a literal', () => {
    const copy = redshift.copyFromManifest('"raw"."t"', ['a'], "s3://b/it's/manifest.json", {
      iamRole: 'arn:aws:iam::123456789012:role/r',
      region: 'eu-west-1',
    });
    assert.match(copy, /from 's3:\/\/b\/it''s\/manifest.json'/);
    assert.match(copy, /iam_role 'arn:aws:iam::123456789012:role\/r'\nregion 'eu-west-1'/);
  });
});

describe('redshiftTableLayout (dist and sort keys)', () => {
  it('defaults: dimensions ALL sorted on their key; facts on their join key, sorted on time', () => {
    assert.deepEqual(
      redshiftTableLayout({ name: 'dim_stores', columns: columns('store_id', 'store_name') }),
      {
        diststyle: 'all',
        sortkey: ['store_id'],
      },
    );
    assert.deepEqual(
      redshiftTableLayout({
        name: 'fct_order_items',
        columns: columns('order_item_id', 'order_id', 'ordered_at'),
      }),
      { diststyle: 'key', distkey: 'order_id', sortkey: ['ordered_at'] },
    );
    assert.deepEqual(
      redshiftTableLayout({ name: 'fct_orders', columns: columns('order_id', 'customer_id', 'ordered_at') }),
      { diststyle: 'key', distkey: 'order_id', sortkey: ['ordered_at'] },
    );
    assert.deepEqual(redshiftTableLayout({ name: 'int_things', columns: columns('thing_id') }), {
      diststyle: 'auto',
      sortkey: [],
    });
    assert.deepEqual(redshiftTableLayout({ name: 'fct_undocumented', columns: [] }), {
      diststyle: 'auto',
      sortkey: [],
    });
  });

  it('config wins: a column is a DISTKEY, all/even/auto a DISTSTYLE', () => {
    const big = redshiftTableLayout({
      name: 'dim_customers',
      columns: columns('customer_id'),
      dist: 'customer_id',
    });
    assert.deepEqual(big, { diststyle: 'key', distkey: 'customer_id', sortkey: ['customer_id'] });
    const even = redshiftTableLayout({
      name: 'fct_x',
      columns: columns('x_id', 'at_at'),
      dist: 'EVEN',
      sort: [],
    });
    assert.deepEqual(even, { diststyle: 'even', sortkey: [] });
  });

  it('renders the attributes in create table … as', () => {
    const sql = new RedshiftDialect().createTableAs('"marts"."t"', {
      name: 't',
      columns: [],
      dist: 'store_id',
      sort: ['order_date', 'store_id'],
    });
    assert.equal(
      sql,
      'create table "marts"."t" diststyle key distkey ("store_id") compound sortkey ("order_date", "store_id") as\n',
    );
    assert.equal(
      new PostgresDialect().createTableAs('"marts"."t"', { name: 't', columns: [], dist: 'x' }),
      'create table "marts"."t" as\n',
    );
  });
});

describe('model config dist and sort', () => {
  it('reads them like dbt-redshift and reports bad values', () => {
    const problems: string[] = [];
    const layer = readModelConfig({ dist: 'order_id', sort: 'ordered_at' }, (problem) =>
      problems.push(problem),
    );
    assert.deepEqual(layer, { dist: 'order_id', sort: ['ordered_at'] });
    readModelConfig({ dist: 'a; drop', sort: [1] }, (problem) => problems.push(problem));
    assert.equal(problems.length, 2);
    assert.match(problems[0] as string, /config dist must be a column name/);
    assert.match(problems[1] as string, /config sort must be a column name or a list/);
  });
});

describe('resolveRedshiftCopyOptions', () => {
  it('needs REDSHIFT_IAM_ROLE, an ARN or default, and passes the region', () => {
    assert.throws(() => resolveRedshiftCopyOptions({}), /REDSHIFT_IAM_ROLE is not set/);
    assert.throws(
      () => resolveRedshiftCopyOptions({ REDSHIFT_IAM_ROLE: 'my-role' }),
      /is not an IAM role ARN/,
    );
    assert.deepEqual(resolveRedshiftCopyOptions({ REDSHIFT_IAM_ROLE: 'default', AWS_REGION: 'us-west-2' }), {
      iamRole: 'default',
      region: 'us-west-2',
    });
  });
});
