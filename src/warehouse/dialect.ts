/**
 * How SQL is spelled for one engine. PostgreSQL is the base; engines that differ (Redshift)
 * extend it and state their differences as readonly capability flags with a why-comment, so the
 * rest of the code asks `dialect.supportsX` instead of testing the engine's name.
 */
export type DialectName = 'postgres' | 'redshift';

/** The portable column types of a raw table (the load contract's vocabulary). */
export type ColumnType = 'text' | 'bigint' | 'timestamp' | 'numeric' | 'boolean';

/**
 * What `createTableAs` reads of a model: declared here, narrow, so the warehouse layer does not
 * depend on models/ (a ModelNode fits it as is).
 */
export interface TableShape {
  name: string;
  columns: readonly { name: string }[];
  /** Redshift distribution (`config(dist=…)`); other engines ignore it. */
  dist?: string;
  /** Redshift sort key columns; other engines ignore it. */
  sort?: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export type Dialect = PostgresDialect;

export class PostgresDialect {
  readonly name: DialectName = 'postgres';
  /** PostgreSQL truncates identifiers longer than this many bytes; we refuse them instead. */
  readonly maxIdentifierLength: number = 63;
  /** `CREATE INDEX` exists (Redshift has none). */
  readonly supportsIndexes: boolean = true;
  /** Unbounded `text` is a fine default column type (Redshift maps it to VARCHAR(256)). */
  readonly supportsUnboundedText: boolean = true;
  /** Distribution and sort keys in table DDL (Redshift only). */
  readonly supportsDistSortKeys: boolean = false;
  /** `COPY … FROM STDIN` over the client connection (Redshift only loads from S3). */
  readonly supportsCopyFromStdin: boolean = true;
  /** DDL runs inside transactions, so a table swap is atomic. */
  readonly supportsTransactionalDdl: boolean = true;
  /** `TRUNCATE` can be rolled back (Redshift's commits the open transaction at once). */
  readonly supportsTransactionalTruncate: boolean = true;
  /** Arrays, ARRAY_AGG, `= any($1::text[])`, PERCENTILE_CONT of an array: the profile's queries use them. */
  readonly supportsArrays: boolean = true;
  /**
   * Late-binding views (`with no schema binding`): no dependency is recorded, so dropping or
   * swapping what a view reads never drops the view (Redshift only).
   */
  readonly supportsLateBindingViews: boolean = false;
  /** `pg_try_advisory_lock` and friends, used by the run lock (Redshift has none). */
  readonly supportsAdvisoryLocks: boolean = true;
  /**
   * The statistics target of the ANALYZE after a table build (`set local default_statistics_target`),
   * or undefined for the engine's own sampling. 10 (issue 15): fct_orders' 131k rows took 1.0-1.3 s
   * at the default 100 and 0.07-0.15 s at 10; the plans need row counts and keys, not histograms.
   */
  readonly buildStatisticsTarget: number | undefined = 10;

  /**
   * Quotes one identifier. Names must be plain identifiers (letters, digits, `_`, `$`, not
   * starting with a digit): anything else is refused with the offending name, because names come
   * from files and YAML and must never be able to smuggle SQL.
   */
  quoteIdentifier(name: string): string {
    if (!IDENTIFIER.test(name)) {
      throw new Error(
        `Invalid SQL identifier ${JSON.stringify(name)}: names must start with a letter or "_" and contain only letters, digits, "_" or "$". Rename it in the file that declares it.`,
      );
    }
    if (Buffer.byteLength(name) > this.maxIdentifierLength) {
      throw new Error(
        `SQL identifier ${JSON.stringify(name)} is longer than ${this.maxIdentifierLength} bytes, which ${this.name} would silently truncate. Use a shorter name.`,
      );
    }
    return `"${name}"`;
  }

  /** `"schema"."name"` */
  relation(schema: string, name: string): string {
    return `${this.quoteIdentifier(schema)}.${this.quoteIdentifier(name)}`;
  }

  /** A string literal, for the few places where SQL cannot take a bind parameter (DDL, COPY options). */
  quoteLiteral(value: string): string {
    if (value.includes('\0')) throw new Error('A SQL string literal cannot contain a NUL byte.');
    return `'${value.replace(/'/g, "''")}'`;
  }

  /**
   * The column type for a contract type; `maxLength` (bytes) and `scale` matter only where text and
   * numerics must be bounded.
   */
  columnType(type: ColumnType, _maxLength?: number, _scale?: number): string {
    return type === 'timestamp' ? 'timestamp' : type;
  }

  /**
   * The column type for values known in advance (a seed's, a unit test's fixture rows): `type` as
   * declared or inferred. PostgreSQL keeps it; engines that bound text and numerics size it here.
   */
  literalColumnType(type: string, _values: readonly string[]): string {
    return type;
  }

  createSchema(schema: string): string {
    return `create schema if not exists ${this.quoteIdentifier(schema)}`;
  }

  /**
   * The start of a `create table … as <select>` for a model, up to and including `as\n` (the
   * model's SQL follows). Engines with table attributes (Redshift's dist and sort keys) add them here.
   */
  createTableAs(relation: string, _model: TableShape): string {
    return `create table ${relation} as\n`;
  }

  /**
   * Empties a table inside the load's transaction, so a failed load leaves the old rows.
   * `truncate` where it can be rolled back, `delete from` where it cannot.
   */
  clearTable(relation: string): string {
    return this.supportsTransactionalTruncate ? `truncate table ${relation}` : `delete from ${relation}`;
  }

  /** Refreshes the planner's statistics after a load or a build. */
  analyze(relation: string): string {
    return `analyze ${relation}`;
  }
}
