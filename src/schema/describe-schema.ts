import { loadProject } from '../models';
import type { Profile } from '../profile';
import type { Warehouse } from '../warehouse/warehouse';
import { designSchema } from './design-schema';
import { readCatalog } from './read-catalog';
import type { SchemaDesign } from './schema-design';

export type DescribeSchemaOptions = {
  /** The SQL project folder (sql/). */
  projectDir: string;
  /** A warehouse to read the built columns, types and row counts from (else the YAML is used). */
  warehouse?: Warehouse;
  /** A profile of schema raw, for the sources' row counts and keys. */
  profile?: Profile;
};

/**
 * The design of the warehouse as the code builds it: compiles the project, reads the catalog of
 * its schemas when a warehouse is given (row counts of the marts too) and derives the design.
 *
 * @example
 * ```ts
 * const design = await describeSchema({ projectDir: 'sql', warehouse });
 * await writeSchema(design, 'target');
 * ```
 */
export async function describeSchema(options: DescribeSchemaOptions): Promise<SchemaDesign> {
  const project = await loadProject(
    options.projectDir,
    options.warehouse ? { dialect: options.warehouse.dialect } : {},
  );
  const marts = project.models.filter((m) => m.layer === 'marts');
  const catalog = options.warehouse
    ? await readCatalog(
        options.warehouse,
        [...new Set([...project.models.map((m) => m.schema), ...project.sources.map((s) => s.schema)])],
        marts.map((m) => `${m.schema}.${m.name}`),
      )
    : undefined;
  return designSchema(project, { catalog, profile: options.profile });
}
