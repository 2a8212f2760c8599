/**
 * A plain vega-lite v5 specification (JSON-serialisable). Declared here rather than taken from
 * vega-lite so the compiled `.d.ts` stays readable by tslab's TypeScript 5.0 (Node10
 * resolution cannot find vega-lite's own types).
 */
export type ChartSpec = {
  $schema: string;
  [key: string]: unknown;
};

/** One data row as `pg` or target/kpis.json gives it (numbers may arrive as numeric strings). */
export type ChartRow = Record<string, unknown>;
