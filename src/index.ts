/**
 * etl-workbook's public API: what the CLI, the notebooks and other projects use.
 *
 * @example
 * ```ts
 * import { openWarehouse, runPipeline } from 'etl-workbook';
 * const warehouse = await openWarehouse({ target: 'local' });
 * const result = await runPipeline(warehouse, { dataDir: 'data/datasets', projectDir: 'sql', outDir: 'target' });
 * console.log(result.kpis?.kpis.store_performance);
 * await warehouse.close();
 * ```
 *
 * Exports are sorted by module path: charts, config, docs, generate, graph, kpis, loader, metrics, models,
 * pipeline (one function per step, each writing its artifact under target/), profile, report,
 * runner, schema, warehouse, workbook (what notebooks call: openWorkbook, showTable, …).
 */

export {
  type BarOptions,
  type BarSort,
  barChart,
  type ChartOptions,
  type ChartRow,
  type ChartSpec,
  chartText,
  type DisplayBundle,
  display,
  displayBundle,
  type GroupedBarOptions,
  groupedBarChart,
  type HeatmapOptions,
  heatmap,
  type LineOptions,
  lineChart,
  type RenderOptions,
  // Named for what it renders: a bare `render` says nothing beside renderReport, renderErSvg, …
  render as renderChart,
  renderSvg,
  type ScatterOptions,
  type StackedBarOptions,
  scatterChart,
  stackedBarChart,
  svgToPng,
  theme,
  type ValueFormat,
  vegaLiteMimeType,
  type WaterfallOptions,
  waterfallChart,
} from './charts';
export { type Attribution, attribute } from './diff/attribution';
export {
  attributionLabel,
  attributionRows,
  formatDiff,
  formatUnits,
  headlineChanges,
  segmentRows,
  waterfallRows,
} from './diff/format-diff';
export {
  dropKeptState,
  findBase,
  type KeptState,
  keepState,
  listKeptStates,
  readKeptState,
} from './diff/kept-state';
export { type KpiCell, kpiCells } from './diff/kpi-cells';
export type { ColumnChange, MartDiff } from './diff/row-diff';
export { type DiffOptions, type DiffResult, runDiff } from './diff/run-diff';
export { rankSegments, type SegmentEffect } from './diff/segments';
export { perishableMarginProject, withoutMonthsFrom } from './diff/worked-example';
export { type GenerateDocsOptions, type GenerateDocsResult, generateDocs } from './docs/generate-docs';
export {
  type GenerateOptions,
  type GenerateSummary,
  generateDataset,
  NO_QUIRKS,
  UPSTREAM_QUIRKS,
  type UpstreamQuirks,
} from './generate';
export { CycleError, Dag } from './graph';
export * from './history';
export { interactiveTableHtml, type TableColumn } from './html/interactive-table';
export * from './kpis';
export { type ContractCheck, checkDatasetContract } from './loader/check-dataset';
export { checkHeader } from './loader/check-header';
export { type ContractColumn, type ContractTable, RAW_CONTRACT, RAW_SCHEMA } from './loader/contract';
export { type LoadDatasetOptions, loadDataset } from './loader/load-dataset';
export { LoadError } from './loader/load-error';
export type { LoadResult } from './loader/load-result';
export { type LoadVerification, verifyLoad } from './loader/verify-load';
export * from './metrics';
export {
  type CompiledProject,
  CompileError,
  compileSql,
  discoverProject,
  loadProject,
  type ModelNode,
  type TestNode,
} from './models';
export { projectRoot } from './paths/project-root';
export { type BuildStepOptions, type BuildStepResult, buildStep } from './pipeline/build-step';
export { type CompileStepOptions, type CompileStepResult, compileStep } from './pipeline/compile-step';
export { type DataQualityWarning, dataQualityWarnings } from './pipeline/data-quality';
export { type DiffStepOptions, diffStep } from './pipeline/diff-step';
export { type ExtractChecks, type ExtractChecksOptions, extractChecks } from './pipeline/extract-checks';
export { type KpiStepOptions, kpiStep } from './pipeline/kpi-step';
export { type LoadStepOptions, type LoadStepResult, loadStep } from './pipeline/load-step';
export { type RecordedRunOptions, recordedRun } from './pipeline/recorded-run';
export { reportFromArtifacts } from './pipeline/report-from-artifacts';
export { reportStep } from './pipeline/report-step';
export {
  type PipelineOptions,
  type PipelineResult,
  pipelineOutcome,
  runPipeline,
} from './pipeline/run-pipeline';
export { type VolumeStepResult, volumeStep } from './pipeline/volume-step';
export {
  type Finding,
  type Profile,
  type ProfileFrames,
  type ProfileOptions,
  profileFrames,
  profileWarehouse,
  writeProfile,
} from './profile';
export { type ReportInput, renderReport, writeReport } from './report';
export {
  executePlan,
  formatPlan,
  type NodeResult,
  type Plan,
  planBuild,
  type RunEvent,
  type RunResult,
  WarehouseError,
} from './runner';
export {
  type DesignEntity,
  type DesignRelationship,
  describeSchema,
  designSchema,
  renderErSvg,
  renderSchemaMd,
  type SchemaDesign,
  writeSchema,
} from './schema';
export { noStage, type Stage, type StagedFile } from './stage/stage';
export {
  type GenerateTypesOptions,
  type GenerateTypesResult,
  generateTypes,
  type ProjectTypes,
  projectTypes,
  renderTypes,
} from './typegen';
export { type Dialect, type DialectName, PostgresDialect } from './warehouse/dialect';
export type { EmbeddedServerStatus } from './warehouse/embedded-server';
export { type OpenWarehouseOptions, openWarehouse } from './warehouse/open-warehouse';
export { type RedshiftCopyOptions, RedshiftDialect } from './warehouse/redshift-dialect';
export { withRunLock } from './warehouse/run-lock';
export type { FieldInfo, QueryResult, Session, TargetName, Warehouse } from './warehouse/warehouse';
export { lineageFigure } from './workbook/lineage-figure';
export {
  type OpenWorkbookOptions,
  openWorkbook,
  type Workbook,
  type WorkbookPaths,
} from './workbook/open-workbook';
export {
  dataQualityRows,
  modelDocRows,
  runResultRows,
  runStatusCounts,
  testCoverageRows,
  testFailureRows,
} from './workbook/run-tables';
export { showSvg } from './workbook/show-svg';
export { type ShowTableOptions, showTable, type TableData, tableRows } from './workbook/show-table';
export type { PageOptions, SqlPage } from './workbook/sql-page';
export { ref, type SqlRows, type SqlTag, source, sqlTag } from './workbook/sql-template';
