import type { ColumnType } from '../loader/contract';

/**
 * How SQL is spelled for one engine. PostgreSQL is the base; engines that differ (Redshift)
 * extend it and state their differences as readonly capability flags with a why-comment, so the
 * rest of the code asks `dialect.supportsX` instead of testing the engine's name.
 */
export type DialectName = 'postgres' | 'redshift';

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

  /** The column type for a contract type; `maxLength` matters only where text must be bounded. */
  columnType(type: ColumnType, _maxLength?: number): string {
    return type === 'timestamp' ? 'timestamp' : type;
  }

  createSchema(schema: string): string {
    return `create schema if not exists ${this.quoteIdentifier(schema)}`;
  }
}
