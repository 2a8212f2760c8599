export { escapeHtml } from '../html/escape-html';
export type { ReportExtractChecks, ReportFreshness, ReportVolumeWarning } from './extract-checks-section';
export { renderReport } from './render-report';
export type { ReportInput, ReportLoad, ReportTest, ReportTestStatus } from './report-input';
export { writeReport } from './write-report';
