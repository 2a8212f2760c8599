export type { WrittenFile } from './csv-file-writer';
export { type GenerateOptions, type GenerateSummary, generateDataset } from './generate-dataset';
