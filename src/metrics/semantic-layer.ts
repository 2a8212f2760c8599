import type { SourceLocation } from '../models/compiled-project';

/**
 * The metrics layer: a documented subset of dbt's semantic layer spec (MetricFlow's
 * `semantic_models:` and `metrics:` YAML keys). Plain data, read by read-semantic-layer.ts and
 * compiled to SQL by compile-metric-query.ts.
 */

export type EntityType = 'primary' | 'unique' | 'foreign' | 'natural';
export type TimeGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const TIME_GRAINS: readonly TimeGrain[] = ['day', 'week', 'month', 'quarter', 'year'];

export type Aggregation =
  | 'sum'
  | 'count'
  | 'count_distinct'
  | 'average'
  | 'min'
  | 'max'
  | 'median'
  | 'percentile'
  | 'sum_boolean';
export const AGGREGATIONS: readonly Aggregation[] = [
  'sum',
  'count',
  'count_distinct',
  'average',
  'min',
  'max',
  'median',
  'percentile',
  'sum_boolean',
];

/** A join key: `expr` (default: the name) is a column expression of the semantic model's table. */
export interface Entity {
  name: string;
  type: EntityType;
  expr: string;
}

export interface Dimension {
  name: string;
  type: 'categorical' | 'time';
  expr: string;
  /** Time dimensions: the finest grain the column holds (`type_params.time_granularity`). */
  grain?: TimeGrain;
  description?: string;
}

export interface Measure {
  name: string;
  agg: Aggregation;
  expr: string;
  /** The time dimension `metric_time` means for this measure (else the model's default). */
  aggTimeDimension?: string;
  /** `percentile` only: the fraction (0–1) and whether to pick an observed value (discrete). */
  percentile?: number;
  discrete?: boolean;
  description?: string;
}

export interface SemanticModel {
  name: string;
  /** The model it reads, from `model: ref('fct_orders')`. */
  model: string;
  defaultAggTimeDimension?: string;
  entities: Entity[];
  dimensions: Dimension[];
  measures: Measure[];
  description?: string;
  declaredAt: SourceLocation;
}

/** A metric used by a ratio or derived metric, with an optional alias and filter. */
export interface MetricInput {
  name: string;
  alias?: string;
  filter?: string;
}

interface MetricBase {
  name: string;
  label?: string;
  description?: string;
  /** A where-clause (with `{{ Dimension('…') }}` references) applied to the metric's rows. */
  filter?: string;
  declaredAt: SourceLocation;
}

export type Metric = MetricBase &
  (
    | { type: 'simple'; measure: string }
    | { type: 'ratio'; numerator: MetricInput; denominator: MetricInput }
    | { type: 'derived'; expr: string; inputs: MetricInput[] }
    | {
        type: 'cumulative';
        measure: string;
        /** Trailing window, e.g. `{ count: 7, grain: 'day' }`; none and no grainToDate: all time. */
        window?: { count: number; grain: TimeGrain };
        grainToDate?: TimeGrain;
      }
  );

export interface SemanticLayer {
  semanticModels: SemanticModel[];
  metrics: Metric[];
}
