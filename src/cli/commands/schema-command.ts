import { readJsonArtifact } from '../../artifacts/artifacts';
import { displayPath } from '../../paths/display-path';
import type { Profile } from '../../profile';
import { describeSchema } from '../../schema/describe-schema';
import type { SchemaDesign } from '../../schema/schema-design';
import { writeSchema } from '../../schema/write-schema';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';

const HELP = `etl-workbook schema [--no-warehouse] [options]

Derives the warehouse design from the SQL project as it is: each fact and dimension of sql/marts
with its grain (the model description's "grain:"), primary key (columns tested unique and
not_null), foreign keys (relationships tests), measures (money columns and counts), the raw
columns every column comes from (followed through staging and intermediate), and the
relationships. Columns and types are read from the built warehouse's catalog (build first:
etl-workbook build or run); where the YAML and the warehouse disagree it says so.

Writes target/schema.svg (entity-relationship diagram), target/schema.md (the design document
with the modeling choices) and target/schema.json. Uses target/profile.json, when present, for
the raw tables' row counts and keys (etl-workbook profile).

  --no-warehouse    do not connect: columns from the models' YAML only

${COMMON_HELP}`;

export async function schemaCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, { 'no-warehouse': { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const reporter = new Reporter(options.quiet);
  const profile = await readProfile(options.out);
  const write = async (design: SchemaDesign) => {
    const written = await writeSchema(design, options.out);
    for (const line of schemaSummary(design)) reporter.summary(line);
    reporter.summary(`Wrote ${[written.svg, written.md, written.json].map(displayPath).join(', ')}.`);
    return 0;
  };
  if (values['no-warehouse']) return write(await describeSchema({ projectDir: options.project, profile }));
  return withWarehouse(options, reporter, async (warehouse) =>
    write(await describeSchema({ projectDir: options.project, warehouse, profile })),
  );
}

/** The design in a few lines: one per table, the relationships, then any drift. */
export function schemaSummary(design: SchemaDesign): string[] {
  const lines = [
    `Design of ${design.project} (columns from the ${design.columnsFrom === 'catalog' ? 'warehouse catalog' : 'YAML'}):`,
  ];
  for (const e of design.entities) {
    const rows = e.rows === undefined ? '' : `, ${e.rows.toLocaleString('en-US')} rows`;
    lines.push(
      `  ${e.kind.padEnd(9)} ${e.name.padEnd(16)} grain: ${e.grain}; key ${e.primaryKey.join(', ') || 'none'}; ${e.measures.length} measures${rows}`,
    );
  }
  lines.push(`Relationships (${design.relationships.length}, many → one):`);
  for (const r of design.relationships) lines.push(`  ${r.from}.${r.fromColumn} → ${r.to}.${r.toColumn}`);
  if (design.drift.length > 0) {
    lines.push(`Drift between the YAML and the warehouse (${design.drift.length}):`);
    for (const d of design.drift) lines.push(`  ! ${d}`);
  }
  return lines;
}

async function readProfile(outDir: string): Promise<Profile | undefined> {
  try {
    // readJsonArtifact checks the file is a profile.json of a version this code reads.
    return (await readJsonArtifact(outDir, 'profile.json')) as Profile | undefined;
  } catch {
    return undefined; // a broken profile only costs the sources' row counts
  }
}
