import { didYouMean } from '../models/did-you-mean';
import type { Metric, SemanticLayer, TimeGrain } from './semantic-layer';

/** One aggregate the query computes: a measure, under a filter, maybe accumulated over time. */
export interface MeasureInstance {
  /** Its column in the `measures` CTE: m1, m2, … */
  column: string;
  measure: string;
  filter?: string;
  cumulative?: { window?: { count: number; grain: TimeGrain }; grainToDate?: TimeGrain };
}

/** The metrics of a query as expressions over the measure columns, and the measures they need. */
export interface MetricPlan {
  instances: MeasureInstance[];
  /** metric name → SQL over the `measures` CTE's columns */
  expressions: Map<string, string>;
}

/**
 * Expands each requested metric down to measures: simple and cumulative metrics are a measure
 * column, ratios divide two metrics as exact decimals (count / count would be integer division),
 * derived metrics substitute their inputs into their expression.
 */
export function planMetrics(layer: SemanticLayer, names: readonly string[], decimal: string): MetricPlan {
  const byName = new Map(layer.metrics.map((metric) => [metric.name, metric]));
  const instances: MeasureInstance[] = [];
  const instance = (measure: string, filter?: string, cumulative?: MeasureInstance['cumulative']): string => {
    const key = JSON.stringify([measure, filter, cumulative]);
    const found = instances.find(
      (candidate) => JSON.stringify([candidate.measure, candidate.filter, candidate.cumulative]) === key,
    );
    if (found) return found.column;
    const column = `m${instances.length + 1}`;
    instances.push({ column, measure, filter, cumulative });
    return column;
  };
  const lookup = (name: string): Metric => {
    const metric = byName.get(name);
    if (!metric) {
      const known = [...byName.keys()];
      throw new Error(
        `Unknown metric "${name}".${didYouMean(name, known)} Declared metrics: ${known.join(', ') || '(none: declare metrics: in the project YAML)'}.`,
      );
    }
    return metric;
  };
  const expression = (metric: Metric, outerFilter?: string): string => {
    const filter = joinFilters(metric.filter, outerFilter);
    switch (metric.type) {
      case 'simple':
        return `"${instance(metric.measure, filter)}"`;
      case 'cumulative':
        return `"${instance(metric.measure, filter, { window: metric.window, grainToDate: metric.grainToDate })}"`;
      case 'ratio': {
        const numerator = expression(
          lookup(metric.numerator.name),
          joinFilters(filter, metric.numerator.filter),
        );
        const denominator = expression(
          lookup(metric.denominator.name),
          joinFilters(filter, metric.denominator.filter),
        );
        return `(cast(${numerator} as ${decimal}) / nullif(cast(${denominator} as ${decimal}), 0))`;
      }
      case 'derived': {
        const values = new Map(
          metric.inputs.map((input) => [
            input.alias ?? input.name,
            expression(lookup(input.name), joinFilters(filter, input.filter)),
          ]),
        );
        return `(${metric.expr.replace(/\b[a-z_][a-z0-9_]*\b/g, (word) => values.get(word) ?? word)})`;
      }
    }
  };
  const expressions = new Map(names.map((name) => [name, expression(lookup(name))]));
  return { instances, expressions };
}

function joinFilters(...filters: Array<string | undefined>): string | undefined {
  const present = filters.filter((filter): filter is string => Boolean(filter));
  return present.length === 0 ? undefined : present.map((filter) => `(${filter})`).join(' and ');
}
