export { type DescribeSchemaOptions, describeSchema } from './describe-schema';
export { type DesignOptions, designSchema } from './design-schema';
export { MODELING_CHOICES, type ModelingChoice } from './modeling-choices';
export { type CatalogColumn, readCatalog, type WarehouseCatalog } from './read-catalog';
export { renderErSvg } from './render-er-svg';
export { missingMentions, renderSchemaMd } from './render-schema-md';
export type {
  ColumnRole,
  DesignColumn,
  DesignEntity,
  DesignRelationship,
  DesignSource,
  EntityKind,
  SchemaDesign,
} from './schema-design';
export { type WrittenSchema, writeSchema } from './write-schema';
