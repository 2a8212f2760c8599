export { CompileError, type CompileProblem, formatProblem } from './compile-error';
export { type CompileOptions, compileProject } from './compile-project';
export { type CompiledSql, compileSql } from './compile-sql';
export type {
  AnalysisNode,
  ColumnDoc,
  CompiledProject,
  GenericTestName,
  Materialization,
  ModelNode,
  ProjectNode,
  Severity,
  SourceLocation,
  SourceTableNode,
  TestNode,
} from './compiled-project';
export { type DiscoverOptions, discoverProject } from './discover-project';
export { loadProject } from './load-project';
export type { ProjectFiles, SourceFile } from './project-files';
export { projectGraph } from './project-graph';
