import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

export type KpiColumnType = 'text' | 'integer' | 'money' | 'ratio';
export type KpiShape = 'rows' | 'one';

/** One KPI as declared in sql/analysis/kpis.yml; its query is sql/analysis/<name>.sql. */
export interface KpiSpec {
  name: string;
  description: string;
  shape: KpiShape;
  /** Output columns in order, with their types. */
  columns: { name: string; type: KpiColumnType }[];
}

const COLUMN_TYPES: readonly KpiColumnType[] = ['text', 'integer', 'money', 'ratio'];

/** Reads and validates `<projectDir>/analysis/kpis.yml`; a mistake names the file and the KPI. */
export async function readKpiSpecs(projectDir: string): Promise<KpiSpec[]> {
  const file = join(projectDir, 'analysis', 'kpis.yml');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read the KPI declarations ${file}: ${error.code ?? error.message}.`);
  });
  return parseKpiSpecs(text, file);
}

export function parseKpiSpecs(text: string, file: string): KpiSpec[] {
  const document = parse(text) as { kpis?: unknown } | null;
  if (!document || !Array.isArray(document.kpis)) {
    throw new Error(`${file}: expected a top-level "kpis:" list.`);
  }
  return document.kpis.map((entry: unknown, index: number) => {
    const where = `${file}: kpis[${index}]`;
    if (!entry || typeof entry !== 'object') throw new Error(`${where} is not a mapping.`);
    const { name, description, shape, columns } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || !/^[a-z_][a-z0-9_]*$/.test(name)) {
      throw new Error(`${where}: "name" must be a lower_snake_case file name, got ${JSON.stringify(name)}.`);
    }
    if (shape !== 'rows' && shape !== 'one') {
      throw new Error(`${where} (${name}): "shape" must be rows or one, got ${JSON.stringify(shape)}.`);
    }
    if (!columns || typeof columns !== 'object' || Array.isArray(columns)) {
      throw new Error(`${where} (${name}): "columns" must map each output column to its type.`);
    }
    const typed = Object.entries(columns as Record<string, unknown>).map(([column, type]) => {
      if (!COLUMN_TYPES.includes(type as KpiColumnType)) {
        throw new Error(
          `${where} (${name}): column ${column} has type ${JSON.stringify(type)}; use one of ${COLUMN_TYPES.join(', ')}.`,
        );
      }
      return { name: column, type: type as KpiColumnType };
    });
    return {
      name,
      description: typeof description === 'string' ? description.trim() : '',
      shape,
      columns: typed,
    };
  });
}
