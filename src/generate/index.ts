export type { WrittenFile } from './csv-file-writer';
export {
  type ExtractInfo,
  type GenerateOptions,
  type GenerateSummary,
  generateDataset,
} from './generate-dataset';
export { HALF_YEARLY_CHANGES, type PriceChanges } from './price-changes';
export { NO_QUIRKS, orderTax, UPSTREAM_QUIRKS, type UpstreamQuirks } from './upstream-quirks';
