import type { WarehouseError } from '../warehouse/warehouse-error';
import type { PlanStep } from './plan-types';

/**
 * How a node ended (dbt's build semantics): `fail` means a test found rows (with `failures`),
 * `error` means its SQL broke, `warn` a test of severity warn found rows, `skipped` that something
 * upstream failed or errored.
 */
export type NodeStatus = 'success' | 'error' | 'fail' | 'warn' | 'skipped';

export interface AdapterResponse {
  /** The command tag of the main statement, e.g. `SELECT 42`, `CREATE VIEW`. */
  message: string;
  code: string;
  rowsAffected?: number;
}

export interface NodeResult {
  uniqueId: string;
  name: string;
  resourceType: PlanStep['resourceType'];
  file: string;
  status: NodeStatus;
  message: string;
  /** ISO timestamps; absent for a skipped node. */
  startedAt?: string;
  finishedAt?: string;
  seconds: number;
  threadId?: string;
  /** Rows a table model built. */
  rowsAffected?: number;
  adapterResponse?: AdapterResponse;
  /** Tests: how many failing rows, and the first few. */
  failures?: number;
  sample?: Record<string, unknown>[];
  error?: WarehouseError;
  /** The node whose failure caused the skip. */
  skippedBecause?: string;
}

export interface RunResult {
  startedAt: string;
  finishedAt: string;
  elapsedSeconds: number;
  threads: number;
  /** In plan order. */
  results: NodeResult[];
  /** True when nothing errored or failed (warnings allowed). */
  ok: boolean;
  /** Set when creating the schemas failed (every node is then skipped). */
  setupError?: string;
  counts: Record<NodeStatus, number>;
}

export type RunEvent =
  | { type: 'run-start'; total: number; threads: number }
  | { type: 'node-start'; step: PlanStep; index: number; total: number; threadId: string }
  | { type: 'node-finish'; result: NodeResult; index: number; total: number }
  | { type: 'run-finish'; result: RunResult };
