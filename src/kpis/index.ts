export { computeKpis, type KpiMap, type KpiResults } from './compute-kpis';
export { kpiHeadlines } from './headlines';
export { type KpiInsights, kpiInsights } from './insights';
export { type KpiColumnType, type KpiShape, type KpiSpec, parseKpiSpecs, readKpiSpecs } from './kpi-spec';
export { convertKpiRows, convertValue, type KpiRow, type KpiValue, roundTo } from './kpi-values';
