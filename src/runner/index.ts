export { type ErrorLocation, locate, WarehouseError } from '../warehouse/warehouse-error';
export { buildGraph } from './build-graph';
export { type ExecuteOptions, executePlan } from './execute';
export { formatPlan } from './format-plan';
export { type PlanOptions, planBuild } from './plan';
export type {
  ModelStep,
  Plan,
  PlannedStatement,
  PlanStep,
  Recovery,
  StatementBody,
  TestStep,
} from './plan-types';
export type { AdapterResponse, NodeResult, NodeStatus, RunEvent, RunResult } from './run-result';
export {
  type ArtifactOptions,
  manifestJson,
  runResultsJson,
  writeManifest,
  writeRunResults,
} from './run-results';
