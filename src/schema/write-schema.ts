import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderErSvg } from './render-er-svg';
import { renderSchemaMd } from './render-schema-md';
import type { SchemaDesign } from './schema-design';

export type WrittenSchema = { json: string; svg: string; md: string };

/** Writes `schema.json` (the design), `schema.svg` (the diagram) and `schema.md` (the document) into `outDir`. */
export async function writeSchema(design: SchemaDesign, outDir: string): Promise<WrittenSchema> {
  await mkdir(outDir, { recursive: true });
  const written = {
    json: join(outDir, 'schema.json'),
    svg: join(outDir, 'schema.svg'),
    md: join(outDir, 'schema.md'),
  };
  await writeFile(written.json, `${JSON.stringify(design, null, 2)}\n`);
  await writeFile(written.svg, renderErSvg(design));
  await writeFile(written.md, renderSchemaMd(design, { svgFile: 'schema.svg' }));
  return written;
}
