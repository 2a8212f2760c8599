export { type GenerateTypesOptions, type GenerateTypesResult, generateTypes } from './generate-types';
export {
  type ProjectTypes,
  projectTypes,
  type TypedColumn,
  type TypedKpi,
  type TypedMart,
} from './project-types';
export { renderTypes } from './render-types';
export { tsTypeOf, type ValueReader } from './sql-to-ts';
