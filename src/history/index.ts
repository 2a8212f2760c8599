export { cliVersion } from './cli-version';
export { formatHistory } from './format-history';
export { ensureHistoryTables, HISTORY_SCHEMA, historyDdl, historyExists } from './history-tables';
export { listRuns, type RunDetail, type RunLoad, type RunNode, type RunSummary, readRun } from './list-runs';
export { projectChecksum } from './project-checksum';
export {
  type LoadRecord,
  type NodeRecord,
  type RecordedCommand,
  type RunOutcome,
  RunRecorder,
  type RunStart,
  type RunStatus,
} from './run-recorder';
export { VOLUME_RULE, type VolumeBand, volumeBand } from './volume-band';
export {
  checkVolumes,
  type PreviousVolumes,
  type VolumeCheck,
  type VolumeCount,
  type VolumeWarning,
} from './volume-check';
export { previousVolumes, readVolumeWarnings, recordVolumes } from './volume-store';
