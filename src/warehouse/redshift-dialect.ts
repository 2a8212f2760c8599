import { type ColumnType, PostgresDialect, type TableShape } from './dialect';
import { redshiftTableLayout } from './redshift-table-layout';

/** What a Redshift COPY from S3 needs besides the table: who reads the bucket, and where it is. */
export interface RedshiftCopyOptions {
  /** The IAM role ARN Redshift assumes to read the bucket, or `default` (the namespace's default role). */
  iamRole: string;
  /** The bucket's region, when it differs from the cluster's. */
  region?: string;
}

/**
 * Amazon Redshift: PostgreSQL 8.0's wire protocol and most of its SQL, with these differences.
 * Everything else (quoting, `create schema if not exists`, `create or replace view`,
 * `alter table … rename to`, `drop table … cascade`, DDL in transactions) is the same.
 */
export class RedshiftDialect extends PostgresDialect {
  override readonly name = 'redshift' as const;
  /** Redshift identifiers may take 127 bytes. */
  override readonly maxIdentifierLength: number = 127;
  /** No indexes: distribution and sort keys take their place. */
  override readonly supportsIndexes: boolean = false;
  /** `text` is silently VARCHAR(256): every text column gets an explicit length from the contract. */
  override readonly supportsUnboundedText: boolean = false;
  override readonly supportsDistSortKeys: boolean = true;
  /** COPY reads from S3 (or DynamoDB, EMR, SSH) only, never from the client connection. */
  override readonly supportsCopyFromStdin: boolean = false;
  /**
   * Every view is late-binding: Redshift's CREATE OR REPLACE VIEW cannot change columns, and the
   * fallback `drop view … cascade` (like a table swap's `drop table … cascade`) would drop dependent
   * views outside the selection. Late-binding views have no recorded dependency: they survive, and
   * read the new relation at their next query.
   */
  override readonly supportsLateBindingViews: boolean = true;
  /** No default_statistics_target setting: Redshift's ANALYZE chooses its own sample size. */
  override readonly buildStatisticsTarget: number | undefined = undefined;
  /** No array type at all (nor ARRAY_AGG, nor PERCENTILE_CONT of several fractions). */
  override readonly supportsArrays: boolean = false;
  /** TRUNCATE commits the open transaction at once, so a failed COPY after it would leave an empty table. */
  override readonly supportsTransactionalTruncate: boolean = false;
  /**
   * No pg_advisory_lock: runs are not serialized there (each table's load and each model's swap is
   * still one transaction, so two runs interleave whole tables, never half ones).
   */
  override readonly supportsAdvisoryLocks: boolean = false;

  /**
   * VARCHAR lengths count bytes (a 64-byte id, 256 bytes of name); a bare `numeric` would be
   * numeric(18,0) and round tax rates to 0, so numerics carry the contract's scale.
   */
  override columnType(type: ColumnType, maxLength?: number, scale?: number): string {
    if (type === 'text') return `varchar(${maxLength ?? 256})`;
    if (type === 'numeric') return `numeric(18,${scale ?? 6})`;
    return super.columnType(type, maxLength, scale);
  }

  /**
   * Bare `text` would be VARCHAR(256) and bare `numeric` NUMERIC(18,0) (rounding 4.1 to 4): a seed's
   * or fixture's column is sized from its values, VARCHAR(longest in bytes), NUMERIC(38, most decimals).
   */
  override literalColumnType(type: string, values: readonly string[]): string {
    const bare = type.trim().toLowerCase();
    if (bare === 'text' || bare === 'varchar' || bare === 'character varying') {
      return `varchar(${Math.max(1, ...values.map((value) => Buffer.byteLength(value)))})`;
    }
    if (bare === 'numeric' || bare === 'decimal') {
      return `numeric(38,${Math.max(0, ...values.map((value) => /\.(\d+)$/.exec(value.trim())?.[1]?.length ?? 0))})`;
    }
    return type;
  }

  /** `create table … diststyle … distkey (…) compound sortkey (…) as` (see redshiftTableLayout). */
  override createTableAs(relation: string, model: TableShape): string {
    const layout = redshiftTableLayout(model);
    const attributes = [`diststyle ${layout.diststyle}`];
    if (layout.distkey) attributes.push(`distkey (${this.quoteIdentifier(layout.distkey)})`);
    if (layout.sortkey.length > 0) {
      attributes.push(`compound sortkey (${layout.sortkey.map((c) => this.quoteIdentifier(c)).join(', ')})`);
    }
    return `create table ${relation} ${attributes.join(' ')} as\n`;
  }

  /**
   * COPY of one table's staged parts, listed in a manifest. Strict: MAXERROR 0, no ACCEPTINVCHARS,
   * no TRUNCATECOLUMNS, so any bad value fails the load (and is reported from the load error views).
   * EMPTYASNULL loads an empty field as NULL, as PostgreSQL's CSV COPY does for unquoted empties.
   * IGNOREHEADER 1 applies to every part: each part starts with the header.
   */
  copyFromManifest(
    relation: string,
    columns: readonly string[],
    manifestUrl: string,
    options: RedshiftCopyOptions,
  ): string {
    const role = options.iamRole === 'default' ? 'default' : this.quoteLiteral(options.iamRole);
    return [
      `copy ${relation} (${columns.map((c) => this.quoteIdentifier(c)).join(', ')})`,
      `from ${this.quoteLiteral(manifestUrl)}`,
      `iam_role ${role}`,
      ...(options.region ? [`region ${this.quoteLiteral(options.region)}`] : []),
      'manifest',
      'format as csv gzip',
      'ignoreheader 1',
      "timeformat 'auto' dateformat 'auto'",
      'encoding utf8 emptyasnull',
      'maxerror 0',
    ].join('\n');
  }
}
