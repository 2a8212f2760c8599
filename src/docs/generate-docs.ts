import { join } from 'node:path';
import type { CompiledProject } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import { type Dialect, PostgresDialect } from '../warehouse/dialect';
import { type Catalog, readCatalog } from '../warehouse/introspector';
import type { Warehouse } from '../warehouse/warehouse';
import { docsSite } from './docs-site';
import { readLastRun } from './read-run-results';
import { writeDocs } from './write-docs';

export interface GenerateDocsOptions {
  /** The SQL project folder (sql/). */
  projectDir: string;
  /** target/: the site goes to `<outDir>/docs/`, the last results are read from `<outDir>/run_results.json`. */
  outDir: string;
  /** Where column types come from; without it, from the YAML. */
  warehouse?: Warehouse;
  /** How the project compiles without a warehouse (default PostgreSQL). */
  dialect?: Dialect;
  /** An already compiled project (skips compiling `projectDir`). */
  project?: CompiledProject;
}

export interface GenerateDocsResult {
  /** `<outDir>/docs/index.html` */
  index: string;
  files: string[];
  pages: number;
  /** Relations whose columns were read from the warehouse. */
  relationsFromWarehouse: number;
  lastRunFound: boolean;
}

/** dbt docs generate, as a static site that opens from the file system (no server, nothing fetched). */
export async function generateDocs(options: GenerateDocsOptions): Promise<GenerateDocsResult> {
  const dialect = options.warehouse?.dialect ?? options.dialect ?? new PostgresDialect();
  const project = options.project ?? (await loadProject(options.projectDir, { dialect }));
  let catalog: Catalog | undefined;
  if (options.warehouse) {
    const schemas = new Set<string>();
    for (const node of [...project.models, ...(project.seeds ?? []), ...project.sources])
      schemas.add(node.schema);
    catalog = await readCatalog(options.warehouse, [...schemas].sort());
  }
  const lastRun = await readLastRun(options.outDir);
  const site = docsSite({ project, catalog, lastRun, warehouse: options.warehouse?.description });
  const dir = join(options.outDir, 'docs');
  const files = await writeDocs(site, dir);
  return {
    index: join(dir, 'index.html'),
    files,
    pages: site.pages.length,
    relationsFromWarehouse: site.pages.filter((page) => page.built).length,
    lastRunFound: lastRun !== undefined,
  };
}
