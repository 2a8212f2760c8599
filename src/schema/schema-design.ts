/**
 * The warehouse design as read from the SQL project (and the catalog when a warehouse is
 * reachable): plain JSON, written as target/schema.json and rendered as schema.svg and schema.md.
 */
export type SchemaDesign = {
  /** The project's name (sql/project.yml). */
  project: string;
  generatedAt: string;
  /** Where the column lists come from: the built warehouse's catalog, or the models' YAML. */
  columnsFrom: 'catalog' | 'yaml';
  entities: DesignEntity[];
  relationships: DesignRelationship[];
  /** The raw tables the marts are built from. */
  sources: DesignSource[];
  /** Where the YAML and the built warehouse disagree (columns documented but not built, or the reverse). */
  drift: string[];
};

export type EntityKind = 'fact' | 'dimension';

/** What a column is for in the star schema. */
export type ColumnRole = 'key' | 'foreign_key' | 'measure' | 'attribute';

export type DesignColumn = {
  name: string;
  /** The catalog's type, e.g. `numeric(12,2)` (absent when read from YAML only). */
  type?: string;
  role: ColumnRole;
  description: string;
  /** Raw columns it is computed from, as `raw_table.column` (empty for counts and constants). */
  lineage: string[];
};

export type DesignEntity = {
  name: string;
  kind: EntityKind;
  /** `"marts"."fct_orders"` */
  relation: string;
  description: string;
  /** One row per …, from the description's `grain:` (else the primary key). */
  grain: string;
  primaryKey: string[];
  foreignKeys: { column: string; references: string; referencedColumn: string }[];
  measures: string[];
  columns: DesignColumn[];
  /** Raw tables it reads, through staging and intermediate. */
  sources: string[];
  /** Every model between the raw tables and this one, in dependency order. */
  upstream: string[];
  /** Rows in the built table (absent without a warehouse). */
  rows?: number;
};

/** A foreign key between two marts, from a `relationships` data test: many rows of `from` to one of `to`. */
export type DesignRelationship = {
  from: string;
  fromColumn: string;
  to: string;
  toColumn: string;
  cardinality: 'N:1';
  /** The name of the data test that enforces it. */
  test: string;
};

export type DesignSource = {
  table: string;
  description: string;
  columns: string[];
  /** Marts that read it. */
  feeds: string[];
  /** From a profile, when one is given. */
  rows?: number;
  candidateKeys?: string[][];
};
