/** What `dbt_project.yml` says about where things are and how they are configured. */
export interface DbtProjectSettings {
  name: string;
  modelPaths: string[];
  macroPaths: string[];
  seedPaths: string[];
  testPaths: string[];
  analysisPaths: string[];
  snapshotPaths: string[];
  /** `vars:` (global ones; `<project>: {…}` scoped ones merged in for this project). */
  vars: Record<string, unknown>;
  /** `models: <project>: <folder>: +key: value`, by folder below a model path ('' = all). */
  modelFolders: Map<string, Record<string, unknown>>;
  /** `seeds:` likewise, by folder below a seed path. */
  seedFolders: Map<string, Record<string, unknown>>;
  /** `data_tests:` (or `tests:`) project-level config. */
  dataTests: Record<string, unknown>;
  /** Keys read but not implemented (one informational line each). */
  ignoredKeys: string[];
}
