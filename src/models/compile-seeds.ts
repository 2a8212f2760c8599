import { csvHeader } from '../csv/parse-record';
import type { Dialect } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import type { SeedNode } from './compiled-project';
import { seedId } from './node-ids';
import { baseName, type SourceFile } from './project-files';
import type { SeedSpec } from './schema-yaml';
import { MAX_INSERT_SEED_BYTES, type SeedRecord, seedRecords } from './seed-records';
import { specsByName } from './specs-by-name';
import { identifierProblem } from './sql-checks';

/**
 * The seeds: one table per CSV of `seeds/`, named after the file, its columns the CSV header's
 * (in file order), typed by the YAML's `column_types` (text otherwise). Problems (a bad header, a
 * typed column the file lacks, a description of a missing seed) name the file and line.
 */
export function compileSeeds(
  files: SourceFile[],
  specs: SeedSpec[],
  defaultSchema: string,
  dialect: Dialect,
  problems: CompileProblem[],
): SeedNode[] {
  const bySpec = specsByName(specs, 'seed', 'Keep one description of the seed.', problems);
  const seeds: SeedNode[] = [];
  for (const file of files) {
    const name = baseName(file.path);
    const spec = bySpec.get(name);
    bySpec.delete(name);
    const schema = spec?.schema ?? defaultSchema;
    const bad = identifierProblem(dialect, name, 'seed name') ?? identifierProblem(dialect, schema, 'schema');
    if (bad) {
      problems.push({ file: file.file, line: 1, ...bad });
      continue;
    }
    const header = checkedHeader(file, dialect, problems);
    if (!header) continue;
    if (spec) checkSpecColumns(name, spec, file, header, problems);
    const records = readRecords(file, dialect, problems);
    if (!records) continue;
    seeds.push(seedNode({ name, file, schema, spec, header, records }, dialect));
  }
  for (const spec of bySpec.values()) {
    problems.push({
      file: spec.file,
      line: spec.line,
      problem: `seed "${spec.name}" is described here but seeds/${spec.name}.csv does not exist`,
      fix: `Add seeds/${spec.name}.csv, fix the name, or remove the description.`,
    });
  }
  return seeds;
}

/** The header's column names, each checked as an identifier and for repeats; undefined without one. */
function checkedHeader(file: SourceFile, dialect: Dialect, problems: CompileProblem[]): string[] | undefined {
  const header = csvHeader(file.text);
  if (header.length === 0 || header.every((column) => column === '')) {
    problems.push({
      file: file.file,
      line: 1,
      problem: 'the seed has no header row',
      fix: 'The first line of a seed names its columns: region,store_name',
    });
    return undefined;
  }
  const seen = new Set<string>();
  for (const [index, column] of header.entries()) {
    const badColumn = identifierProblem(dialect, column, `column name (field ${index + 1} of the header)`);
    if (badColumn) problems.push({ file: file.file, line: 1, ...badColumn });
    else if (seen.has(column))
      problems.push({
        file: file.file,
        line: 1,
        problem: `the header names column "${column}" twice`,
        fix: 'Rename one of the columns.',
      });
    seen.add(column);
  }
  return header;
}

/** Every column the YAML types or describes is in the CSV header. */
function checkSpecColumns(
  name: string,
  spec: SeedSpec,
  file: SourceFile,
  header: string[],
  problems: CompileProblem[],
): void {
  const inHeader = new Set(header);
  for (const column of [...Object.keys(spec.columnTypes ?? {}), ...spec.columns.map((c) => c.name)]) {
    if (!inHeader.has(column)) {
      problems.push({
        file: spec.file,
        line: spec.line,
        problem: `seed "${name}": column "${column}" is not in the header of ${file.file} (${header.join(', ')})`,
        fix: 'Correct the column name in the YAML or in the CSV header.',
      });
    }
  }
}

function seedNode(
  seed: {
    name: string;
    file: SourceFile;
    schema: string;
    spec: SeedSpec | undefined;
    header: string[];
    records: SeedRecord[];
  },
  dialect: Dialect,
): SeedNode {
  const { name, file, schema, spec, header, records } = seed;
  return {
    resourceType: 'seed',
    uniqueId: seedId(name),
    name,
    file: file.file,
    path: file.path,
    schema,
    relation: dialect.relation(schema, name),
    tags: spec?.tags ?? [],
    description: spec?.description,
    columns: header.map((column, index) => {
      const doc = spec?.columns.find((c) => c.name === column);
      const values = records.flatMap((record) => record[index] ?? []);
      return {
        name: column,
        ...(doc?.description === undefined ? {} : { description: doc.description }),
        type: dialect.literalColumnType(spec?.columnTypes[column] ?? doc?.dataType ?? 'text', values),
      };
    }),
    declaredAt: spec && { file: spec.file, line: spec.line },
    dependsOn: [],
    csv: file.text,
  };
}

/**
 * The seed's records, or undefined after reporting why not: a malformed CSV (with its line), or a
 * seed too large for INSERT … VALUES on an engine whose COPY cannot read from the client.
 */
function readRecords(
  file: SourceFile,
  dialect: Dialect,
  problems: CompileProblem[],
): SeedRecord[] | undefined {
  const bytes = Buffer.byteLength(file.text);
  if (!dialect.supportsCopyFromStdin && bytes > MAX_INSERT_SEED_BYTES) {
    problems.push({
      file: file.file,
      line: 1,
      problem: `the seed has ${bytes} bytes; on ${dialect.name} seeds load with INSERT … VALUES, up to ${MAX_INSERT_SEED_BYTES} bytes`,
      fix: 'Make it a raw file of the dataset (it then goes through the S3 stage and COPY), or shorten it.',
    });
    return undefined;
  }
  try {
    return seedRecords(file.text);
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    problems.push({
      file: file.file,
      line: typeof line === 'number' ? line : 1,
      problem: `the seed is not valid CSV: ${(error as Error).message}`,
      fix: 'Quote fields that hold commas, quotes or line breaks ("…", a quote doubled), and give every row as many fields as the header.',
    });
    return undefined;
  }
}
