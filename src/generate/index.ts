export type { WrittenFile } from './csv-file-writer';
export { type GenerateOptions, type GenerateSummary, generateDataset } from './generate-dataset';
export { NO_QUIRKS, orderTax, UPSTREAM_QUIRKS, type UpstreamQuirks } from './upstream-quirks';
