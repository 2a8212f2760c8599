export {
  type CompiledMetricQuery,
  compileMetricQuery,
  type MetricColumn,
  type MetricQuery,
} from './compile-metric-query';
export { loadSemanticLayer } from './load-semantic-layer';
export {
  compileProjectMetricQuery,
  type MetricResult,
  type QueryMetricsOptions,
  queryMetrics,
} from './query-metrics';
export { readSemanticLayer } from './read-semantic-layer';
export type { Metric, SemanticLayer, SemanticModel } from './semantic-layer';
