export { type Catalog, type CatalogColumn, readCatalog } from '../warehouse/introspector';
export { type DocColumn, type DocPage, type DocsSite, type DocTest, docsSite } from './docs-site';
export { type GenerateDocsOptions, type GenerateDocsResult, generateDocs } from './generate-docs';
export { type Layout, type LayoutInput, layoutDag, type PlacedEdge, type PlacedNode } from './lineage-layout';
export { type LineageNode, lineageSvg } from './lineage-svg';
export { type LastResult, type LastRun, readLastRun } from './read-run-results';
export { writeDocs } from './write-docs';
