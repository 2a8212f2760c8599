import { bindArgs, textArg } from './dbt-macro-args';
import type { DbtColumn, QueryAnswer } from './dbt-runtime';

type Macro = (...args: unknown[]) => unknown;

/** What these macros need from the warehouse: answered at run time, nothing at parse (dbt's `execute` false). */
export interface Introspection {
  columns(relation: unknown): DbtColumn[];
  query(sql: string): QueryAnswer | undefined;
  quote(name: string): string;
  /** dbt.type_string(), dbt.escape_single_quotes(). */
  typeString(): string;
  escape(value: string): string;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/**
 * dbt_utils' macros that read the warehouse (`star`, `get_column_values`, `union_relations`) and
 * `pivot`, with dbt_utils 1.x semantics and spelling. At parse they return what dbt_utils returns
 * when `execute` is false: `*`, the default (or []), ''.
 */
export function dbtUtilsIntrospection(db: Introspection): Record<string, Macro> {
  return {
    star: (...args) => {
      const a = bindArgs(
        args,
        ['from', 'relation_alias', 'except', 'prefix', 'suffix', 'quote_identifiers'],
        'dbt_utils.star',
      );
      const except = list(a.except).map((name) => name.toLowerCase());
      const columns = db
        .columns(a.from)
        .map((c) => c.name)
        .filter((name) => !except.includes(name.toLowerCase()));
      if (columns.length === 0) return '*';
      const [prefix, suffix] = [String(a.prefix ?? ''), String(a.suffix ?? '')];
      const alias = a.relation_alias ? `${a.relation_alias}.` : '';
      return columns
        .map((name) => {
          const column = a.quote_identifiers === false ? name : db.quote(name);
          const renamed = prefix || suffix ? ` as ${db.quote(prefix + name + suffix)}` : '';
          return `${alias}${column}${renamed}`;
        })
        .join(',\n  ');
    },
    get_column_values: (...args) => {
      const a = bindArgs(
        args,
        ['table', 'column', 'order_by', 'max_records', 'default', 'where'],
        'dbt_utils.get_column_values',
      );
      const fallback = a.default ?? [];
      const column = textArg(a, 'column', 'dbt_utils.get_column_values');
      const where = a.where ? `\nwhere ${a.where}` : '';
      const limit = a.max_records != null ? `\nlimit ${Number(a.max_records)}` : '';
      const answer = db.query(
        `select ${column} as value\nfrom ${textArg(a, 'table', 'dbt_utils.get_column_values')}${where}\ngroup by ${column}\norder by ${a.order_by ?? 'count(*) desc'}${limit}`,
      );
      if (!answer) return fallback;
      return answer.rows.map((row) => row.value);
    },
    pivot: (...args) => {
      const a = bindArgs(
        args,
        [
          'column',
          'values',
          'alias',
          'agg',
          'cmp',
          'prefix',
          'suffix',
          'then_value',
          'else_value',
          'quote_identifiers',
          'distinct',
        ],
        'dbt_utils.pivot',
      );
      const column = textArg(a, 'column', 'dbt_utils.pivot');
      const [prefix, suffix] = [String(a.prefix ?? ''), String(a.suffix ?? '')];
      return (Array.isArray(a.values) ? a.values : [])
        .map((value) => {
          const test = `${column} ${a.cmp ?? '='} '${db.escape(String(value))}'`;
          const body = `case when ${test} then ${a.then_value ?? 1} else ${a.else_value ?? 0} end`;
          const alias =
            a.alias === false
              ? ''
              : ` as ${a.quote_identifiers === false ? slugify(prefix + value + suffix) : db.quote(prefix + value + suffix)}`;
          return `${a.agg ?? 'sum'}(${a.distinct ? 'distinct ' : ''}${body})${alias}`;
        })
        .join(',\n  ');
    },
    union_relations: (...args) => unionRelations(db, args),
  };
}

/** dbt_utils.slugify: lower case, non-word characters to _, a leading digit prefixed with _. */
function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[ -]+/g, '_')
    .replace(/[^a-z0-9_]+/g, '');
  return /^[0-9]/.test(slug) ? `_${slug}` : slug;
}

/**
 * dbt_utils.union_relations: every column of every relation (first-seen order, names compared
 * without case, the first relation's type), null where a relation lacks one, and the relation it
 * came from in `_dbt_source_relation`.
 */
function unionRelations(db: Introspection, args: unknown[]): string {
  const a = bindArgs(
    args,
    ['relations', 'column_override', 'include', 'exclude', 'source_column_name', 'where'],
    'dbt_utils.union_relations',
  );
  if (!Array.isArray(a.relations) || a.relations.length === 0)
    throw new Error('dbt_utils.union_relations() takes a list of relations: relations=[ref(…), ref(…)]');
  const [include, exclude] = [list(a.include), list(a.exclude)].map((names) =>
    names.map((n) => n.toLowerCase()),
  );
  const override = (a.column_override ?? {}) as Record<string, string>;
  const superset = new Map<string, DbtColumn>();
  const own = a.relations.map((relation) => {
    const columns = db.columns(relation).filter((c) => {
      const name = c.name.toLowerCase();
      return (include?.length ? include.includes(name) : true) && !exclude?.includes(name);
    });
    for (const c of columns) if (!superset.has(c.name.toLowerCase())) superset.set(c.name.toLowerCase(), c);
    return new Set(columns.map((c) => c.name.toLowerCase()));
  });
  if (superset.size === 0) return '';
  const sourceColumn = String(a.source_column_name ?? '_dbt_source_relation');
  return a.relations
    .map((relation, index) => {
      const selects = [...superset.entries()].map(([key, c]) => {
        const value = own[index]?.has(key) ? db.quote(c.name) : 'null';
        return `cast(${value} as ${override[c.name] ?? c.data_type}) as ${c.quoted}`;
      });
      const where = a.where ? `\n    where ${a.where}` : '';
      return `(\n    select\n        cast('${db.escape(String(relation))}' as ${db.typeString()}) as ${sourceColumn},\n        ${selects.join(',\n        ')}\n    from ${relation}${where}\n)`;
    })
    .join('\n\nunion all\n\n');
}
