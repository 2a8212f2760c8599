/**
 * PostgreSQL constructs Amazon Redshift refuses (or silently changes), each with the page of AWS's
 * Redshift Database Developer Guide that says so. The check (redshift-sql-check.ts) walks the parse
 * tree of every statement we print for Redshift and reports any node an entry matches. Add an
 * entry here, with its page and a sample that must be caught (the deny-list test runs every sample).
 */
export interface DenyEntry {
  id: string;
  /** What is refused, in the words of a finding. */
  construct: string;
  /** The AWS documentation page that forbids it. */
  doc: string;
  /** A statement that uses the construct (the test asserts the check catches it). */
  sample: string;
}

const DG = 'https://docs.aws.amazon.com/redshift/latest/dg';

export const DENY_LIST: readonly DenyEntry[] = [
  {
    id: 'copy-from-stdin',
    construct: 'COPY … FROM STDIN (COPY reads Amazon S3, EMR, SSH hosts or DynamoDB only)',
    doc: `${DG}/copy-parameters-data-source.html`,
    sample: 'copy t (a) from stdin with (format csv)',
  },
  {
    id: 'with-inside-with',
    construct: 'a WITH clause inside a WITH clause subquery',
    doc: `${DG}/r_WITH_clause.html`,
    sample: 'with a as (with b as (select 1 as x) select x from b) select x from a',
  },
  {
    id: 'bare-numeric',
    construct: 'NUMERIC/DECIMAL without precision (Redshift reads it as NUMERIC(18,0) and rounds)',
    doc: `${DG}/r_Numeric_types201.html`,
    sample: 'select cast(4.1 as numeric) as x',
  },
  {
    id: 'unbounded-text',
    construct: 'TEXT or VARCHAR without a length (Redshift makes it VARCHAR(256): longer values fail)',
    doc: `${DG}/r_Character_types.html`,
    sample: "select cast('a' as text) as x",
  },
  {
    id: 'arrays',
    construct: 'arrays (ARRAY[…], type[], = ANY(…)): Redshift has no array type',
    doc: `${DG}/c_unsupported-postgresql-datatypes.html`,
    sample: "select 1 where 'a' = any(array['a', 'b'])",
  },
  {
    id: 'unsupported-function',
    construct:
      'a PostgreSQL function Redshift does not support (ARRAY_AGG, STRING_AGG, advisory locks, GENERATE_SERIES, …)',
    doc: `${DG}/c_unsupported-postgresql-functions.html`,
    sample: "select string_agg(name, ',') from t",
  },
  {
    id: 'concat-ws',
    construct: 'CONCAT_WS (Redshift has CONCAT of two arguments and ||)',
    doc: `${DG}/r_CONCAT.html`,
    sample: "select concat_ws('-', a, b) from t",
  },
  {
    id: 'concat-arity',
    construct: 'CONCAT with more than two arguments',
    doc: `${DG}/r_CONCAT.html`,
    sample: 'select concat(a, b, c) from t',
  },
  {
    id: 'aggregate-filter',
    construct: 'FILTER (WHERE …) on an aggregate (use CASE inside the aggregate)',
    doc: `${DG}/c_Aggregate_Functions.html`,
    sample: 'select count(*) filter (where a > 1) from t',
  },
  {
    id: 'percentile-array',
    construct: 'PERCENTILE_CONT/PERCENTILE_DISC of anything but one numeric constant',
    doc: `${DG}/r_PERCENTILE_CONT.html`,
    sample: 'select percentile_cont(array[0.25, 0.5]) within group (order by a) from t',
  },
  {
    id: 'on-conflict',
    construct: 'INSERT … ON CONFLICT',
    doc: `${DG}/r_INSERT_30.html`,
    sample: 'insert into t (a) values (1) on conflict do nothing',
  },
  {
    id: 'distinct-on',
    construct: 'SELECT DISTINCT ON (…)',
    doc: `${DG}/r_SELECT_list.html`,
    sample: 'select distinct on (a) a, b from t',
  },
  {
    id: 'is-distinct-from',
    construct: 'IS [NOT] DISTINCT FROM',
    doc: `${DG}/c_unsupported-postgresql-functions.html`,
    sample: 'select 1 from t where a is distinct from b',
  },
  {
    id: 'create-index',
    construct: 'CREATE INDEX (Redshift has distribution and sort keys instead)',
    doc: `${DG}/c_unsupported-postgresql-features.html`,
    sample: 'create index i on t (a)',
  },
];

/** Function names refused by the `unsupported-function` entry (lower case, schema-less). */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  'array_agg',
  'string_agg',
  'every',
  'xmlagg',
  'generate_series',
  'generate_subscripts',
  'unnest',
  'array_length',
  'array_to_string',
  'string_to_array',
  'pg_advisory_lock',
  'pg_advisory_unlock',
  'pg_advisory_xact_lock',
  'pg_try_advisory_lock',
  'pg_try_advisory_xact_lock',
  'pg_input_is_valid',
  'clock_timestamp',
  'width_bucket',
  'div',
  'corr',
  'covar_pop',
  'covar_samp',
]);
