import type { CompileProblem } from '../models/compile-error';
import { didYouMean } from '../models/did-you-mean';
import type { Metric, SemanticLayer, SemanticModel } from './semantic-layer';

/** Cross-references of the metrics layer: unique names, measures and metrics that exist, no cycles. */
export function checkSemanticLayer(layer: SemanticLayer): CompileProblem[] {
  const problems: CompileProblem[] = [];
  const at = (where: { declaredAt: { file: string; line: number } }, problem: string, fix: string) =>
    problems.push({ ...where.declaredAt, problem, fix });
  const measures = new Map<string, SemanticModel>();
  const seenModels = new Set<string>();
  for (const model of layer.semanticModels) {
    if (seenModels.has(model.name))
      at(model, `semantic model "${model.name}" is declared twice`, 'Rename one.');
    seenModels.add(model.name);
    for (const measure of model.measures) {
      const other = measures.get(measure.name);
      if (other) {
        at(
          model,
          `measure "${measure.name}" is declared in "${other.name}" and "${model.name}"`,
          'Measure names are global: rename one.',
        );
      }
      measures.set(measure.name, model);
      const timeName = measure.aggTimeDimension ?? model.defaultAggTimeDimension;
      const time = model.dimensions.find((dimension) => dimension.name === timeName);
      if (timeName !== undefined && time?.type !== 'time') {
        at(
          model,
          `measure "${measure.name}" aggregates over "${timeName}", which is not a time dimension of "${model.name}"`,
          'Declare it under dimensions with type: time, or fix defaults.agg_time_dimension.',
        );
      }
    }
  }
  const metrics = new Map<string, Metric>();
  for (const metric of layer.metrics) {
    if (metrics.has(metric.name)) at(metric, `metric "${metric.name}" is declared twice`, 'Rename one.');
    metrics.set(metric.name, metric);
  }
  for (const metric of layer.metrics) {
    if (metric.type === 'simple' || metric.type === 'cumulative') {
      if (!measures.has(metric.measure)) {
        at(
          metric,
          `metric "${metric.name}" uses measure "${metric.measure}", which no semantic model declares`,
          `Declare it under measures.${didYouMean(metric.measure, measures.keys())}`,
        );
      }
      continue;
    }
    const inputs = metric.type === 'ratio' ? [metric.numerator, metric.denominator] : metric.inputs;
    for (const input of inputs) {
      if (!metrics.has(input.name)) {
        at(
          metric,
          `metric "${metric.name}" uses metric "${input.name}", which is not declared`,
          `Declare it under metrics.${didYouMean(input.name, metrics.keys())}`,
        );
      }
    }
  }
  for (const metric of layer.metrics) {
    const cycle = findCycle(metric, metrics, []);
    if (cycle)
      at(metric, `metric "${metric.name}" depends on itself: ${cycle.join(' → ')}`, 'Break the cycle.');
  }
  return problems;
}

function findCycle(metric: Metric, metrics: Map<string, Metric>, path: string[]): string[] | undefined {
  if (path.includes(metric.name)) return [...path, metric.name];
  if (metric.type === 'simple' || metric.type === 'cumulative') return undefined;
  const inputs = metric.type === 'ratio' ? [metric.numerator, metric.denominator] : metric.inputs;
  for (const input of inputs) {
    const next = metrics.get(input.name);
    const cycle = next && findCycle(next, metrics, [...path, metric.name]);
    if (cycle) return cycle;
  }
  return undefined;
}
