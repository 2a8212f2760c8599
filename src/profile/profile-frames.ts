import type { Profile } from './profile';

/** One row of a frame: plain values only, ready for `new dfd.DataFrame(rows)`. */
export type FrameRow = Record<string, string | number | boolean | null>;

/** The profile flattened into small tables, one array of rows each. */
export type ProfileFrames = {
  tables: FrameRow[];
  columns: FrameRow[];
  topValues: FrameRow[];
  keys: FrameRow[];
  relationships: FrameRow[];
  findings: FrameRow[];
  orderValues: FrameRow[];
  ordersPerDay: FrameRow[];
  itemsPerOrder: FrameRow[];
};

/**
 * Plain row arrays for notebooks, which turn them into DataFrames (danfojs is not imported here:
 * it is slow to load and the profile is small anyway).
 *
 * @example
 * ```ts
 * const frames = profileFrames(profile);
 * new dfd.DataFrame(frames.columns).print();
 * ```
 */
export function profileFrames(profile: Profile): ProfileFrames {
  return {
    tables: profile.tables.map((t) => ({
      table: t.name,
      rows: t.rows,
      // Not `columns`: a danfojs DataFrame column of that name shadows its own `columns` and recurses.
      column_count: t.columns.length,
      duplicate_rows: t.duplicateRows,
      candidate_keys: t.candidateKeys.map((k) => `(${k.columns.join(', ')})`).join('; '),
      declared_key: t.contractKey ? t.contractKey.columns.join(', ') : null,
      declared_key_holds: t.contractKey ? t.contractKey.holds : null,
      seconds: t.seconds,
    })),
    columns: profile.tables.flatMap((t) =>
      t.columns.map((c) => ({
        table: t.name,
        column: c.name,
        catalog_type: c.catalogType,
        inferred_type: c.inferredType,
        nulls: c.nulls,
        null_share: c.nullShare,
        distinct: c.distinct,
        min: c.min,
        max: c.max,
        min_length: c.minLength ?? null,
        max_length: c.maxLength ?? null,
        p0: c.quantiles?.p0 ?? null,
        p25: c.quantiles?.p25 ?? null,
        p50: c.quantiles?.p50 ?? null,
        p75: c.quantiles?.p75 ?? null,
        p100: c.quantiles?.p100 ?? null,
        samples: c.samples.join(' | '),
      })),
    ),
    topValues: profile.tables.flatMap((t) =>
      t.columns.flatMap((c) =>
        c.topValues.map((v, rank) => ({
          table: t.name,
          column: c.name,
          rank: rank + 1,
          value: v.value,
          count: v.count,
        })),
      ),
    ),
    keys: profile.tables.flatMap((t) =>
      t.candidateKeys.map((k) => ({
        table: t.name,
        key: k.columns.join(', '),
        matches_contract: k.matchesContract,
      })),
    ),
    relationships: profile.relationships.map((r) => ({
      from: `${r.fromTable}.${r.fromColumn}`,
      to: `${r.toTable}.${r.toColumn}`,
      accepted: r.accepted,
      name_suggests: r.nameSuggests,
      coverage: r.coverage,
      orphan_rows: r.orphanRows,
      orphan_values: r.orphanValues,
      orphan_examples: r.orphanExamples.join(' | '),
    })),
    findings: profile.findings.map((f) => ({
      severity: f.severity,
      code: f.code,
      table: f.table,
      column: f.column ?? null,
      count: f.count,
      message: f.message,
      examples: (f.examples ?? []).join(' | '),
    })),
    orderValues: profile.charts.orderValues ?? [],
    ordersPerDay: profile.charts.ordersPerDay ?? [],
    itemsPerOrder: profile.charts.itemsPerOrder ?? [],
  };
}
